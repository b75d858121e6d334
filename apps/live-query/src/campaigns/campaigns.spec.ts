import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CAMPAIGN_ENDED, CAMPAIGN_GET, CAMPAIGN_HOSTS_ANSWERED, CAMPAIGN_LISTENING, CAMPAIGN_START, CAMPAIGN_STARTED, CAMPAIGN_STOP, CAMPAIGNS_ACTIVE, type PayloadOf } from '@flotilla/contracts';
import { parseConfig, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';
import { RunningServer, startServer } from '@flotilla/platform-server';
import { waitFor } from '@flotilla/testing';
import { LIVE_QUERY_OWN_CONFIG } from '../config/live-query.config';
import { LiveQueryModule } from '../live-query.module';
import { CampaignsSweeper } from './campaigns.sweeper';

const totals = { count: 3, online: 2, offline: 1, missing_in_action: 0 };

describe('live-query campaigns', () => {
  let server: RunningServer;
  let dataDir: string;
  const started: Array<PayloadOf<typeof CAMPAIGN_STARTED>> = [];
  const ended: number[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flotilla-live-'));
    const env = parseConfig(standaloneConfigSpec([LIVE_QUERY_OWN_CONFIG]), { PORT: '0', HOST: '127.0.0.1', FLOTILLA_DATA_DIR: dataDir, LIVE_QUERY_IDLE_TIMEOUT_S: '5', LIVE_QUERY_SWEEP_MS: '60000' }) as ServiceEnv;
    server = await startServer({ mode: 'standalone', services: ['live-query'], modules: [LiveQueryModule], env, logDestination: new PassThrough() });
    await bus().subscribe(CAMPAIGN_STARTED, (e) => void started.push(e));
    await bus().subscribe(CAMPAIGN_ENDED, (e) => void ended.push(e.id));
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const bus = () => server.ctx.deps.bus ?? (() => { throw new Error('no bus'); })();
  const start = async (hostIds: number[]) => (await bus().request(CAMPAIGN_START, { sql: 'SELECT * FROM osquery_info', queryId: 7, userId: 3, hostIds, totals, recordStats: true })).campaign;

  it('starts a campaign: state in the cache, the targets broadcast to osquery-ingest', async () => {
    const campaign = await start([1, 2, 3, 2]);
    expect(campaign).toMatchObject({ queryId: 7, userId: 3, status: 'waiting', totals, expected: 2 });
    await waitFor(() => started.find((s) => s.id === campaign.id), { what: 'CAMPAIGN_STARTED' });
    expect(started.find((s) => s.id === campaign.id)).toEqual({ id: campaign.id, sql: 'SELECT * FROM osquery_info', hostIds: [1, 2, 3], queryId: 7, recordStats: true });
    expect((await bus().request(CAMPAIGN_GET, { campaignId: campaign.id })).campaign).toMatchObject({ id: campaign.id, status: 'waiting' });
    const second = await start([9]);
    expect(second.id).toBeGreaterThan(campaign.id);
  });

  it('is running while someone listens; answered hosts leave the pending set osquery-ingest warms up from', async () => {
    const campaign = await start([4, 5]);
    await bus().publish(CAMPAIGN_LISTENING, { campaignId: campaign.id });
    await waitFor(async () => (await bus().request(CAMPAIGN_GET, { campaignId: campaign.id })).campaign?.status === 'running', { what: 'running' });
    await bus().publish(CAMPAIGN_HOSTS_ANSWERED, { campaignId: campaign.id, hostIds: [4] });
    await waitFor(async () => (await bus().request(CAMPAIGNS_ACTIVE, {})).campaigns.find((c) => c.id === campaign.id)?.hostIds.join() === '5', { what: 'host 4 answered' });
  });

  it('stops on request: every trace gone, every replica told', async () => {
    const campaign = await start([6]);
    expect(await bus().request(CAMPAIGN_STOP, { campaignId: campaign.id })).toEqual({ stopped: true });
    expect((await bus().request(CAMPAIGN_GET, { campaignId: campaign.id })).campaign).toBeNull();
    expect((await bus().request(CAMPAIGNS_ACTIVE, {})).campaigns.some((c) => c.id === campaign.id)).toBe(false);
    await waitFor(() => ended.includes(campaign.id), { what: 'CAMPAIGN_ENDED' });
    expect(await bus().request(CAMPAIGN_STOP, { campaignId: campaign.id })).toEqual({ stopped: false });
  });

  it('ends campaigns nobody listened to within the idle timeout, keeps the listened ones', async () => {
    const idle = await start([7]);
    const listened = await start([8]);
    const sweeper = server.app.get(CampaignsSweeper);
    await new Promise((r) => setTimeout(r, 50)); // the listener shows up well after the idle campaign began
    await bus().publish(CAMPAIGN_LISTENING, { campaignId: listened.id });
    await waitFor(async () => (await bus().request(CAMPAIGN_GET, { campaignId: listened.id })).campaign?.status === 'running', { what: 'listened' });
    const swept = await sweeper.sweep(Date.parse(idle.createdAt) + 5_001);
    expect(swept).toContain(idle.id);
    expect(swept).not.toContain(listened.id);
    expect((await bus().request(CAMPAIGN_GET, { campaignId: idle.id })).campaign).toBeNull();
  });
});
