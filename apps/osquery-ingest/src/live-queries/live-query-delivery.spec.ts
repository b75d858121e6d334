import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CAMPAIGN_ENDED, CAMPAIGN_HOSTS_ANSWERED, CAMPAIGN_STARTED, campaignResultsChannel, campaignResultSchema, type CampaignResult, type PayloadOf } from '@flotilla/contracts';
import { parseConfig, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';
import { HostEntity, QueryStatsEntity } from '@flotilla/platform-db';
import { RunningServer, startServer } from '@flotilla/platform-server';
import { REPO_ROOT, waitFor } from '@flotilla/testing';
import { OSQUERY_INGEST_OWN_CONFIG } from '../config/osquery-ingest.config';
import { OsqueryIngestModule } from '../osquery-ingest.module';
import { QueryStatsWriter } from './query-stats.writer';

const ubuntu = JSON.parse(readFileSync(join(REPO_ROOT, 'libs/codecs/osquery/src/__fixtures__/ubuntu_22.04.json'), 'utf8')) as { enroll: Record<string, unknown> };
const SECRET = 'spec-enroll-secret';

describe('live-query delivery (osquery-ingest)', () => {
  let server: RunningServer;
  let dataDir: string;
  const answered: Array<PayloadOf<typeof CAMPAIGN_HOSTS_ANSWERED>> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flotilla-live-delivery-'));
    const env = parseConfig(standaloneConfigSpec([OSQUERY_INGEST_OWN_CONFIG]), {
      PORT: '0',
      HOST: '127.0.0.1',
      FLOTILLA_DATA_DIR: dataDir,
      FLOTILLA_ENROLL_SECRET: SECRET,
      OSQUERY_LIVE_QUERY_MAX_ROWS: '2',
    }) as ServiceEnv;
    server = await startServer({ mode: 'standalone', services: ['osquery-ingest'], modules: [OsqueryIngestModule], env, logDestination: new PassThrough() });
    await server.ctx.deps.db?.ready(10_000);
    await bus().subscribe(CAMPAIGN_HOSTS_ANSWERED, (e) => void answered.push(e));
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const bus = () => server.ctx.deps.bus ?? (() => { throw new Error('no bus'); })();
  const cache = () => server.ctx.deps.cache ?? (() => { throw new Error('no cache'); })();
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}/api/osquery/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return (await res.json()) as Record<string, unknown>;
  };
  const enroll = async (identifier: string) => {
    const key = String((await post('enroll', { ...ubuntu.enroll, enroll_secret: SECRET, host_identifier: identifier }))['node_key']);
    await post('distributed/read', { node_key: key }); // detail queries, out of the way
    const id = (await server.ctx.deps.db?.manager.findOneByOrFail(HostEntity, { osqueryHostId: identifier }))?.id ?? 0;
    return { key, id };
  };
  const liveQueries = async (key: string) => Object.keys(((await post('distributed/read', { node_key: key })) as { queries: Record<string, string> }).queries).filter((n) => n.startsWith('fleet_distributed_query_'));
  const listen = async (campaignId: number) => {
    const got: CampaignResult[] = [];
    const stop = await cache().subscribe(campaignResultsChannel(campaignId), (m) => void got.push(campaignResultSchema.parse(JSON.parse(m))));
    return { got, stop };
  };

  it('hands a campaign to its targets only, until they answer; the answer reaches the listeners once', async () => {
    const a = await enroll('live-a');
    const b = await enroll('live-b');
    const listener = await listen(901);
    await bus().publish(CAMPAIGN_STARTED, { id: 901, sql: 'SELECT * FROM processes', hostIds: [a.id], queryId: 41, recordStats: true });
    await waitFor(async () => (await liveQueries(a.key)).includes('fleet_distributed_query_901'), { what: 'the live query in distributed/read' });
    expect(await liveQueries(b.key)).toEqual([]);
    const rows = [{ pid: '1', name: 'init' }, { pid: '2', name: 'kthreadd' }, { pid: '3', name: 'x' }];
    await post('distributed/write', { node_key: a.key, queries: { fleet_distributed_query_901: rows }, statuses: { fleet_distributed_query_901: 0 }, stats: { fleet_distributed_query_901: { wall_time_ms: 4, user_time: 1, system_time: 1, memory: 4096 } } });
    await waitFor(() => listener.got.length === 1, { what: 'the result on the campaign channel' });
    expect(listener.got[0]).toMatchObject({
      distributed_query_execution_id: 901,
      host: { id: a.id, hostname: expect.any(String) },
      rows: [expect.objectContaining({ pid: '1', host_hostname: expect.any(String), host_display_name: expect.any(String) }), expect.objectContaining({ pid: '2' })],
      error: null,
      stats: { wall_time_ms: 4, user_time: 1, system_time: 1, memory: 4096 },
      rows_truncated: 1,
    });
    expect(await liveQueries(a.key)).toEqual([]);
    // A second answer (a retried write, or a host that was not targeted) is dropped.
    await post('distributed/write', { node_key: a.key, queries: { fleet_distributed_query_901: rows }, statuses: { fleet_distributed_query_901: 0 } });
    await post('distributed/write', { node_key: b.key, queries: { fleet_distributed_query_901: rows }, statuses: { fleet_distributed_query_901: 0 } });
    await waitFor(() => answered.some((e) => e.campaignId === 901 && e.hostIds.includes(a.id)), { what: 'the other replicas told' });
    expect(listener.got).toHaveLength(1);
    await listener.stop();
    // A saved query's run keeps the host's osquery stats.
    await server.app.get(QueryStatsWriter).flush();
    expect(await server.ctx.deps.db?.manager.findBy(QueryStatsEntity, { queryId: 41 })).toEqual([
      expect.objectContaining({ hostId: a.id, queryType: 'live', executions: 1, wallTimeMs: 4, userTime: 1, systemTime: 1, memory: 4096, lastExecuted: expect.any(Date) }),
    ]);
  });

  it('reports a failed query as the host’s error, and forgets ended campaigns and hosts answered elsewhere', async () => {
    const c = await enroll('live-c');
    const listener = await listen(902);
    await bus().publish(CAMPAIGN_STARTED, { id: 902, queryId: 42, recordStats: false, sql: 'SELECT * FROM nope', hostIds: [c.id] });
    await bus().publish(CAMPAIGN_STARTED, { id: 903, queryId: 42, recordStats: false, sql: 'SELECT 1', hostIds: [c.id] });
    await bus().publish(CAMPAIGN_STARTED, { id: 904, queryId: 42, recordStats: false, sql: 'SELECT 2', hostIds: [c.id] });
    await waitFor(async () => (await liveQueries(c.key)).length === 3, { what: 'three live queries' });
    await post('distributed/write', { node_key: c.key, queries: { fleet_distributed_query_902: [] }, statuses: { fleet_distributed_query_902: 1 }, messages: { fleet_distributed_query_902: 'no such table: nope' } });
    await waitFor(() => listener.got.length === 1, { what: 'the error result' });
    expect(listener.got[0]).toMatchObject({ rows: [], error: 'no such table: nope' });
    await bus().publish(CAMPAIGN_ENDED, { id: 903 });
    await bus().publish(CAMPAIGN_HOSTS_ANSWERED, { campaignId: 904, hostIds: [c.id] });
    await waitFor(async () => (await liveQueries(c.key)).length === 0, { what: 'ended and answered campaigns forgotten' });
    await listener.stop();
    await server.app.get(QueryStatsWriter).flush();
    expect(await server.ctx.deps.db?.manager.countBy(QueryStatsEntity, { queryId: 42 })).toBe(0);
  });
});
