import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { ENROLL_SECRETS_LIST, ENROLL_SECRETS_REPLACE, HOST_REFETCH, HOSTS_DELETE, HOSTS_TRANSFER, HOSTS_TRANSFERRED, OSQUERY_LOGS, PACKS_CHANGED, QUERIES_CHANGED, TEAMS_CHANGED, type PayloadOf } from '@flotilla/contracts';
import { parseConfig, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';
import { HostEntity, PackEntity, PackTargetEntity, QueryEntity, ScheduledQueryEntity, TeamEntity } from '@flotilla/platform-db';
import { RunningServer, startServer } from '@flotilla/platform-server';
import { REPO_ROOT, waitFor } from '@flotilla/testing';
import { OSQUERY_INGEST_OWN_CONFIG } from '../config/osquery-ingest.config';
import { DistributedService } from '../distributed/distributed.service';
import { HostStateCache } from '../hosts/host-state.cache';
import { HostsRepository } from '../hosts/hosts.repository';
import { OsqueryIngestModule } from '../osquery-ingest.module';

interface Fixture {
  enroll: Record<string, unknown> & { host_identifier: string };
  detail_queries: Record<string, Array<Record<string, string>>>;
}

const ubuntu = JSON.parse(readFileSync(join(REPO_ROOT, 'libs/codecs/osquery/src/__fixtures__/ubuntu_22.04.json'), 'utf8')) as Fixture;
const SECRET = 'spec-enroll-secret';

describe('osquery TLS API (osquery-ingest, standalone dependencies)', () => {
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flotilla-osquery-'));
    const env = parseConfig(standaloneConfigSpec([OSQUERY_INGEST_OWN_CONFIG]), {
      PORT: '0',
      HOST: '127.0.0.1',
      FLOTILLA_DATA_DIR: dataDir,
      FLOTILLA_ENROLL_SECRET: SECRET,
      OSQUERY_SEEN_FLUSH_MS: '200',
    }) as ServiceEnv;
    server = await startServer({ mode: 'standalone', services: ['osquery-ingest'], modules: [OsqueryIngestModule], env, logDestination: new PassThrough() });
    await server.ctx.deps.db?.ready(10_000);
    await waitFor(async () => (await bus().request(ENROLL_SECRETS_LIST, { teamId: null })).secrets.length > 0, { what: 'seeded enroll secret' });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const bus = () => {
    const b = server.ctx.deps.bus;
    if (!b) throw new Error('no bus');
    return b;
  };
  const db = () => {
    const d = server.ctx.deps.db;
    if (!d) throw new Error('no db');
    return d;
  };
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/osquery/${path}`, {
      method: 'POST',
      body: Buffer.isBuffer(body) ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const enroll = async (identifier = ubuntu.enroll.host_identifier) => {
    const res = await post('enroll', { ...ubuntu.enroll, enroll_secret: SECRET, host_identifier: identifier });
    expect(res.status).toBe(200);
    return String(res.body['node_key']);
  };
  const hostRow = (identifier = ubuntu.enroll.host_identifier) => db().manager.findOneByOrFail(HostEntity, { osqueryHostId: identifier });

  /** Moves the host's last enrollment into the past, so the next enroll is a genuine re-enrollment. */
  const enrolledLongAgo = (identifier = ubuntu.enroll.host_identifier) =>
    db().manager.update(HostEntity, { osqueryHostId: identifier }, { lastEnrolledAt: new Date(Date.now() - 60_000) });

  it('refuses a wrong enroll secret with node_invalid', async () => {
    const res = await post('enroll', { ...ubuntu.enroll, enroll_secret: 'nope' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ node_invalid: true, error: expect.stringContaining('enroll') });
  });

  it('enrolls, filling the first vitals from host_details, and re-enrollment reuses the host', async () => {
    const first = await enroll();
    const row = await hostRow();
    expect(row).toMatchObject({ hostname: 'perf-ubuntu1', platform: 'ubuntu', osqueryVersion: '5.5.1', memory: 17179869184, cpuLogicalCores: 8 });
    await enrolledLongAgo();
    const second = await enroll();
    expect(second).not.toBe(first);
    expect((await hostRow()).id).toBe(row.id);
    expect((await post('config', { node_key: first })).body).toMatchObject({ node_invalid: true });
  });

  it('keeps the key of an enroll that finished after a retried request arrived (no re-key behind the agent)', async () => {
    await enrolledLongAgo();
    const current = await enroll();
    const arrivedEarlier = new Date(Date.now() - 500);
    const late = await new HostsRepository(db()).enroll(ubuntu.enroll.host_identifier, 'late-attempt-key', null, {}, arrivedEarlier);
    expect(late.host.nodeKey).toBe(current);
    expect((await hostRow()).nodeKey).toBe(current);
    expect((await post('config', { node_key: current })).status).toBe(200);
  });

  it('serves the config, and just {"etag":"ok"} when the agent already has it', async () => {
    await enrolledLongAgo();
    const key = await enroll();
    const res = await post('config', { node_key: key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ options: { distributed_interval: 10, pack_delimiter: '/' }, decorators: { load: expect.any(Array) } });
    expect(res.body).not.toHaveProperty('error');
    const again = await post('config', { node_key: key, etag: res.body['etag'] });
    expect(again.body).toEqual({ etag: 'ok' });
  });

  it('serves scheduled reports, packs and team agent options, rebuilt when they change on the bus', async () => {
    const key = await enroll('scheduled-host');
    const row = await hostRow('scheduled-host');
    const m = db().manager;
    const team = await m.save(TeamEntity, { name: 'config-team', description: '', config: { agent_options: { config: { options: { distributed_interval: 3 } } } } });
    const query = (name: string, teamId: number | null, over: Partial<QueryEntity> = {}) =>
      m.save(QueryEntity, { name, teamId, teamKey: teamId ?? 0, description: '', query: `SELECT '${name}';`, scheduleInterval: 10, saved: true, loggingType: 'snapshot' as const, ...over });
    const global = await query('every-host', null);
    await query('team-only', team.id, { loggingType: 'differential', automationsEnabled: true });
    await query('darwin-only', null, { platform: 'darwin' });
    await query('discarded', null, { discardData: true });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- configs are walked freely in assertions
    const config = async () => (await post('config', { node_key: key })).body as Record<string, any>;
    expect((await config())['packs']).toBeUndefined();

    await bus().publish(QUERIES_CHANGED, { changedIds: [global.id], deletedIds: [] });
    await waitFor(async () => (await config())['packs'] !== undefined, { what: 'Global pack served' });
    expect((await config())['packs']).toEqual({ Global: { queries: { 'every-host': { query: "SELECT 'every-host';", interval: 10, snapshot: true, removed: false } } } });

    await bus().request(HOSTS_TRANSFER, { hostIds: [row.id], teamId: team.id });
    const teamConfig = await config();
    expect(teamConfig['options']).toEqual({ distributed_interval: 3 });
    expect(Object.keys(teamConfig['packs'])).toEqual(['Global', `team-${team.id}`]);
    expect(teamConfig['packs'][`team-${team.id}`].queries['team-only']).toEqual({ query: "SELECT 'team-only';", interval: 10, removed: true });

    await m.update(TeamEntity, { id: team.id }, { config: { agent_options: { config: { options: { distributed_interval: 4 } } } } });
    await bus().publish(TEAMS_CHANGED, { changedIds: [team.id], deletedIds: [] });
    await waitFor(async () => (await config())['options']?.['distributed_interval'] === 4, { what: 'team agent options reloaded' });

    const pack = await m.save(PackEntity, { name: 'legacy', description: '', platform: '', disabled: false });
    await m.save(PackTargetEntity, { packId: pack.id, type: 'host' as const, targetId: row.id });
    await m.save(ScheduledQueryEntity, { packId: pack.id, queryId: global.id, name: 'from-pack', description: '', scheduleInterval: 300, snapshot: null, removed: false, platform: null, version: null, shard: null, denylist: null });
    const before = String((await config())['etag']);
    await bus().publish(PACKS_CHANGED, { changedIds: [pack.id], deletedIds: [] });
    await waitFor(async () => (await config())['packs']?.['legacy'] !== undefined, { what: 'legacy pack served' });
    const withPack = await config();
    expect(withPack['packs']['legacy']).toEqual({ queries: { 'from-pack': { query: "SELECT 'every-host';", interval: 300, removed: false } } });
    expect(withPack['etag']).not.toBe(before);
    expect((await post('config', { node_key: key, etag: withPack['etag'] })).body).toEqual({ etag: 'ok' });
  });

  it('sends the detail queries once, ingests the answers, and stays quiet until a refetch', async () => {
    const key = await enroll();
    const read = await post('distributed/read', { node_key: key });
    const queries = read.body['queries'] as Record<string, string>;
    expect(Object.keys(queries)).toEqual(expect.arrayContaining(['fleet_detail_query_os_version', 'fleet_detail_query_system_info', 'fleet_detail_query_uptime']));
    expect(Object.keys(read.body['discovery'] as object).sort()).toEqual(Object.keys(queries).sort());
    expect((await post('distributed/read', { node_key: key })).body).toEqual({ queries: {}, discovery: {} });

    const names = Object.keys(ubuntu.detail_queries);
    const write = await post('distributed/write', {
      node_key: key,
      queries: ubuntu.detail_queries,
      statuses: Object.fromEntries(names.map((n) => [n, 0])),
      messages: Object.fromEntries(names.map((n) => [n, ''])),
    });
    expect(write).toEqual({ status: 200, body: {} });
    const row = await hostRow();
    expect(row.detailUpdatedAt).not.toBeNull();
    expect(row.refetchRequested).toBe(false);
    expect(row.uptime).toBeGreaterThan(0);
    expect(row.primaryIp === '' && row.primaryMac === '').toBe(false);

    expect(await bus().request(HOST_REFETCH, { hostId: row.id })).toEqual({ found: true });
    const after = await post('distributed/read', { node_key: key });
    expect(Object.keys(after.body['queries'] as object).length).toBeGreaterThan(0);
  });

  it('accepts gzip bodies and the Authorization: NodeKey header', async () => {
    const key = await enroll();
    const res = await fetch(`${server.url}/api/v1/osquery/config`, {
      method: 'POST',
      body: gzipSync(JSON.stringify({})),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `NodeKey ${key}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('options');
  });

  it('serves config and distributed/read (plain Fastify routes) with the platform hooks and error handling of the controller routes', async () => {
    const key = await enroll('hot-route-host');
    const count = async (route: string, status: number) => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('http_requests_total{') && l.includes(`route="${route}"`) && l.includes(`status_code="${status}"`));
      return Number(line?.split(' ').pop() ?? 0);
    };
    const before = { read: await count('/api/v1/osquery/distributed/read', 200), config: await count('/api/osquery/config', 401) };
    const res = await fetch(`${server.url}/api/v1/osquery/distributed/read`, { method: 'POST', body: JSON.stringify({ node_key: key }), headers: { 'content-type': 'application/json', 'x-request-id': 'hot-route-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('hot-route-1');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await post('config', { node_key: 'no-such-key' })).status).toBe(401);
    expect({ read: await count('/api/v1/osquery/distributed/read', 200), config: await count('/api/osquery/config', 401) }).toEqual({ read: before.read + 1, config: before.config + 1 });

    // An unexpected failure leaves as the platform's 500 (error id = request id), as on a controller route.
    const distributed = server.app.get(DistributedService);
    const boom = () => {
      throw new Error('boom');
    };
    const readSpy = jest.spyOn(distributed, 'read').mockImplementationOnce(boom);
    const writeSpy = jest.spyOn(distributed, 'write').mockImplementationOnce(boom);
    try {
      const failed = async (path: string) => {
        const r = await fetch(`${server.url}/api/osquery/${path}`, { method: 'POST', body: JSON.stringify({ node_key: key }), headers: { 'content-type': 'application/json', 'x-request-id': 'boom-1' } });
        return { status: r.status, body: (await r.json()) as unknown };
      };
      const hot = await failed('distributed/read');
      expect(hot.status).toBe(500);
      expect(JSON.stringify(hot.body)).toContain('boom-1');
      expect(hot).toEqual(await failed('distributed/write'));
    } finally {
      readSpy.mockRestore();
      writeSpy.mockRestore();
    }
  });

  it.each([
    ['an empty node key', { node_key: '' }],
    ['an unknown node key', { node_key: 'not-a-real-key' }],
    ['no node key', {}],
  ])('answers %s with node_invalid', async (_what, body) => {
    for (const path of ['config', 'distributed/read', 'distributed/write', 'log']) {
      const res = await post(path, body);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ node_invalid: true });
    }
  });

  it('rejects malformed bodies with a 4xx and writes nothing', async () => {
    const key = await enroll();
    const before = await hostRow();
    expect((await post('distributed/read', Buffer.from('{"node_key":'))).status).toBe(400);
    const badWrite = await post('distributed/write', { node_key: key, queries: { fleet_detail_query_uptime: 'not rows' }, statuses: 'zero' });
    expect(badWrite.status).toBe(400);
    const badLog = await post('log', { node_key: key, log_type: 'weird', data: [] });
    expect(badLog.status).toBe(400);
    const huge = await post('distributed/read', { node_key: key, pad: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    const after = await hostRow();
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
  });

  it('appends result and status logs to the durable log stream (for log-shipper), and counts the lines', async () => {
    const key = await enroll('log-host');
    const received = async (logType: string) => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      return Number(new RegExp(`^flotilla_log_lines_received_total\\{log_type="${logType}"[^}]*\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    };
    const before = { result: await received('result'), status: await received('status') };
    const messages: Array<PayloadOf<typeof OSQUERY_LOGS>> = [];
    const sub = await bus().consume(OSQUERY_LOGS, async (m) => void (m.hostIdentifier === 'log-host' && messages.push(m)), { durable: 'spec-osquery-logs' });
    try {
      const line = { name: 'pack/Global/usb', hostIdentifier: 'x', unixTime: 1746525600, calendarTime: 'Tue May  6 10:00:00 2025 UTC', epoch: 0, counter: 0, numerics: false, decorations: {}, action: 'snapshot', snapshot: [{ model: 'hub' }] };
      expect((await post('log', { node_key: key, log_type: 'result', data: [line, { ...line, counter: 1 }] })).status).toBe(200);
      expect((await post('log', { node_key: key, log_type: 'status', data: [{ severity: '0', message: 'hello', filename: 'x.cpp', line: '1', unixTime: '1', calendarTime: 'now', hostIdentifier: 'x', version: '5' }] })).status).toBe(200);
      // A result line without a query name is dropped (not refused: osquery would resend it forever).
      expect((await post('log', { node_key: key, log_type: 'result', data: [{ hostIdentifier: 'x', counter: 9 }, { ...line, counter: 2 }] })).status).toBe(200);
      await waitFor(() => messages.length >= 3, { what: 'three log stream messages' });
      const results = messages.filter((m) => m.logType === 'result');
      expect(results.flatMap((m) => m.lines.map((l) => (l as { counter: number }).counter))).toEqual([0, 1, 2]);
      expect(messages.find((m) => m.logType === 'status')?.lines).toEqual([expect.objectContaining({ message: 'hello' })]);
      expect(new Set(messages.map((m) => m.batchId)).size).toBe(3);
      expect({ result: await received('result'), status: await received('status') }).toEqual({ result: before.result + 3, status: before.status + 1 });
    } finally {
      await sub.unsubscribe();
    }
  });

  it('records last-seen times in batches', async () => {
    const key = await enroll('seen-host');
    await db().manager.update(HostEntity, { osqueryHostId: 'seen-host' }, { seenTime: new Date(0) });
    await post('distributed/read', { node_key: key });
    const row = await waitFor(async () => {
      const h = await hostRow('seen-host');
      return (h.seenTime?.getTime() ?? 0) > 0 ? h : undefined;
    }, { what: 'seen time flushed' });
    expect(Date.now() - (row.seenTime?.getTime() ?? 0)).toBeLessThan(60_000);
  });

  it('invalidates a deleted host at once, and its agent re-enrolls into the same identifier', async () => {
    const key = await enroll('doomed-host');
    const row = await hostRow('doomed-host');
    expect(await bus().request(HOSTS_DELETE, { hostIds: [row.id, 999_999] })).toEqual({ deleted: 1 });
    const res = await post('distributed/read', { node_key: key });
    expect(res).toEqual({ status: 401, body: expect.objectContaining({ node_invalid: true }) });
    await enroll('doomed-host');
    expect((await hostRow('doomed-host')).id).not.toBe(row.id);
  });

  it('moves hosts between teams: the row and the in-memory state of every replica take the new team', async () => {
    const key = await enroll('moving-host');
    expect((await post('config', { node_key: key })).status).toBe(200);
    const cache = server.app.get(HostStateCache);
    const row = await hostRow('moving-host');
    expect(cache.get(key)?.teamId).toBeNull();
    const announced: Array<PayloadOf<typeof HOSTS_TRANSFERRED>> = [];
    const sub = await bus().subscribe(HOSTS_TRANSFERRED, (event) => void announced.push(event));
    try {
      expect(await bus().request(HOSTS_TRANSFER, { hostIds: [row.id, 999_999], teamId: 7 })).toEqual({ transferred: 1 });
      expect((await hostRow('moving-host')).teamId).toBe(7);
      expect(cache.get(key)?.teamId).toBe(7);
      await waitFor(() => announced.length > 0, { what: 'HOSTS_TRANSFERRED' });
      expect(announced).toEqual([{ hostIds: [row.id], teamId: 7 }]);
      expect(await bus().request(HOSTS_TRANSFER, { hostIds: [999_999], teamId: null })).toEqual({ transferred: 0 });
      // Another replica's transfer reaches this one as the event alone.
      await bus().publish(HOSTS_TRANSFERRED, { hostIds: [row.id], teamId: null });
      await waitFor(() => cache.get(key)?.teamId === null, { what: 'cached team cleared' });
      expect(announced).toHaveLength(2);
    } finally {
      await sub.unsubscribe();
    }
    expect((await post('distributed/read', { node_key: key })).status).toBe(200);
  });

  it('replaces enroll secrets: the old one stops working, the new one works', async () => {
    await bus().request(ENROLL_SECRETS_REPLACE, { teamId: null, secrets: ['rotated-secret-1'] });
    await waitFor(async () => (await post('enroll', { ...ubuntu.enroll, enroll_secret: SECRET })).status === 401, { what: 'old secret refused' });
    expect((await post('enroll', { ...ubuntu.enroll, enroll_secret: 'rotated-secret-1' })).status).toBe(200);
    await bus().request(ENROLL_SECRETS_REPLACE, { teamId: null, secrets: [SECRET] });
    await waitFor(async () => (await post('enroll', { ...ubuntu.enroll, enroll_secret: SECRET })).status === 200, { what: 'secret restored' });
  });
});
