import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { HOSTS_DELETE, HOSTS_TRANSFER, OSQUERY_LOGS, QUERIES_CHANGED } from '@flotilla/contracts';
import { parseConfig, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';
import { HostEntity, QueryEntity, QueryResultEntity, QueryStatsEntity } from '@flotilla/platform-db';
import { RunningServer, startServer } from '@flotilla/platform-server';
import { REPO_ROOT, waitFor } from '@flotilla/testing';
import { OSQUERY_INGEST_OWN_CONFIG } from '../config/osquery-ingest.config';
import { OsqueryIngestModule } from '../osquery-ingest.module';
import { SavedQueriesService } from './saved-queries.service';
import { ScheduleStatsWriter } from './schedule-stats.writer';

const ubuntu = JSON.parse(readFileSync(join(REPO_ROOT, 'libs/codecs/osquery/src/__fixtures__/ubuntu_22.04.json'), 'utf8')) as { enroll: Record<string, unknown> };
const SECRET = 'spec-enroll-secret';
const MAX_ROWS = 3;
const T0 = 1_746_525_600;

type Row = Record<string, string>;

describe('query reports and scheduled query stats (osquery-ingest)', () => {
  let server: RunningServer;
  let dataDir: string;
  let seq = 0;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flotilla-query-reports-'));
    const env = parseConfig(standaloneConfigSpec([OSQUERY_INGEST_OWN_CONFIG]), {
      PORT: '0',
      HOST: '127.0.0.1',
      FLOTILLA_DATA_DIR: dataDir,
      FLOTILLA_ENROLL_SECRET: SECRET,
      OSQUERY_QUERY_REPORT_MAX_ROWS: String(MAX_ROWS),
    }) as ServiceEnv;
    server = await startServer({ mode: 'standalone', services: ['osquery-ingest'], modules: [OsqueryIngestModule], env, logDestination: new PassThrough() });
    await server.ctx.deps.db?.ready(10_000);
    await server.app.get(SavedQueriesService).settled();
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const bus = () => server.ctx.deps.bus ?? (() => { throw new Error('no bus'); })();
  const db = () => server.ctx.deps.db ?? (() => { throw new Error('no db'); })();
  const catalog = () => server.app.get(SavedQueriesService).catalog;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}/api/osquery/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** A new host (its first detail queries answered out of the way): node key, id, identifier. */
  const enroll = async () => {
    const identifier = `report-host-${++seq}`;
    const key = String((await post('enroll', { ...ubuntu.enroll, enroll_secret: SECRET, host_identifier: identifier })).body['node_key']);
    const id = (await db().manager.findOneByOrFail(HostEntity, { osqueryHostId: identifier })).id;
    return { key, id, identifier };
  };
  /** Stands in for api-gateway: a saved query row, then QUERIES_CHANGED; resolves once osquery-ingest knows it. */
  const defineQuery = async (over: Partial<QueryEntity> & { name: string }) => {
    const { identifiers } = await db().manager.insert(QueryEntity, { description: '', query: 'SELECT * FROM usb_devices', teamKey: over.teamId ?? 0, saved: true, scheduleInterval: 60, loggingType: 'snapshot', ...over });
    const id = Number(identifiers[0]?.['id']);
    await bus().publish(QUERIES_CHANGED, { changedIds: [id], deletedIds: [] });
    await waitFor(() => catalog().byId(id), { intervalMs: 5, what: `query ${id} in the catalog` });
    return id;
  };
  const changeQuery = async (id: number, changes: Partial<QueryEntity>) => {
    await db().manager.update(QueryEntity, { id }, changes);
    await bus().publish(QUERIES_CHANGED, { changedIds: [id], deletedIds: [] });
  };
  const snapshotLine = (name: string, identifier: string, unixTime: number, snapshot: Row[]) => ({
    name, hostIdentifier: identifier, calendarTime: 'Tue May  6 10:00:00 2025 UTC', unixTime, epoch: 0, counter: 0, numerics: false, decorations: {}, action: 'snapshot', snapshot,
  });
  const eventLine = (name: string, identifier: string, unixTime: number, action: 'snapshot' | 'added' | 'removed', columns: Row) => ({
    name, hostIdentifier: identifier, calendarTime: 'Tue May  6 10:00:00 2025 UTC', unixTime, epoch: 0, counter: 0, numerics: false, decorations: {}, action, columns,
  });
  const log = async (key: string, data: unknown[]) => expect((await post('log', { node_key: key, log_type: 'result', data })).status).toBe(200);
  const result = (queryId: number, hostId: number) => db().manager.findOneBy(QueryResultEntity, { queryId, hostId });
  /** Waits for the host's result of `queryId` to be the one fetched at `unixTime`. */
  const resultAt = (queryId: number, hostId: number, unixTime: number) =>
    waitFor(async () => {
      const r = await result(queryId, hostId);
      return r && r.lastFetched.getTime() === unixTime * 1000 ? r : undefined;
    }, { intervalMs: 10, what: `query ${queryId}'s result at ${unixTime} on host ${hostId}` });

  it('keeps each host’s newest snapshot of a saved query: an older one never overwrites it', async () => {
    const host = await enroll();
    const other = await enroll();
    const q = await defineQuery({ name: 'usb devices' });
    await log(host.key, [snapshotLine('pack/Global/usb devices', host.identifier, T0 + 60, [{ vendor: 'Apple', model: 'Hub' }])]);
    await log(other.key, [snapshotLine('pack/Global/usb devices', other.identifier, T0, [{ vendor: 'Logitech', model: 'Mouse' }])]);
    expect(await resultAt(q, host.id, T0 + 60)).toMatchObject({ rows: [{ vendor: 'Apple', model: 'Hub' }], rowCount: 1, clipped: false });
    // An older run of the same host (late delivery), and within one request an older line after a newer one.
    await log(host.key, [snapshotLine('pack/Global/usb devices', host.identifier, T0, [{ vendor: 'old' }])]);
    await log(host.key, [snapshotLine('pack/Global/usb devices', host.identifier, T0 + 120, [{ vendor: 'new' }]), snapshotLine('pack/Global/usb devices', host.identifier, T0 + 90, [{ vendor: 'older' }])]);
    expect((await resultAt(q, host.id, T0 + 120)).rows).toEqual([{ vendor: 'new' }]);
    expect((await resultAt(q, other.id, T0)).rows).toEqual([{ vendor: 'Logitech', model: 'Mouse' }]);
    // An empty snapshot is a result too (the host ran it and found nothing).
    await log(host.key, [snapshotLine('pack/Global/usb devices', host.identifier, T0 + 180, [])]);
    expect(await resultAt(q, host.id, T0 + 180)).toMatchObject({ rows: [], rowCount: 0 });
  });

  it('caps the rows kept, counting every row sent and marking the result clipped', async () => {
    const host = await enroll();
    const q = await defineQuery({ name: 'processes' });
    const rows = [1, 2, 3, 4, 5].map((n) => ({ pid: String(n) }));
    await log(host.key, [snapshotLine('pack/Global/processes', host.identifier, T0, rows)]);
    expect(await resultAt(q, host.id, T0)).toMatchObject({ rows: rows.slice(0, MAX_ROWS), rowCount: 5, clipped: true });
    await log(host.key, [snapshotLine('pack/Global/processes', host.identifier, T0 + 1, rows.slice(0, 2))]);
    expect(await resultAt(q, host.id, T0 + 1)).toMatchObject({ rows: rows.slice(0, 2), rowCount: 2, clipped: false });
  });

  it('regroups event-format snapshot lines into one result, also across log requests', async () => {
    const host = await enroll();
    const q = await defineQuery({ name: 'ports', teamId: 9 });
    const name = 'pack/team-9/ports';
    await log(host.key, [eventLine(name, host.identifier, T0, 'snapshot', { port: '22' }), eventLine(name, host.identifier, T0, 'snapshot', { port: '80' })]);
    expect(await resultAt(q, host.id, T0)).toMatchObject({ rows: [{ port: '22' }, { port: '80' }], rowCount: 2 });
    // osquery split the run over two requests: the rest joins it (up to the cap).
    await log(host.key, [eventLine(name, host.identifier, T0, 'snapshot', { port: '443' }), eventLine(name, host.identifier, T0, 'snapshot', { port: '8080' })]);
    await waitFor(async () => (await result(q, host.id))?.rowCount === 4, { intervalMs: 10, what: 'the second part added' });
    expect(await result(q, host.id)).toMatchObject({ rows: [{ port: '22' }, { port: '80' }, { port: '443' }], rowCount: 4, clipped: true });
    // The next run replaces it.
    await log(host.key, [eventLine(name, host.identifier, T0 + 60, 'snapshot', { port: '22' })]);
    expect(await resultAt(q, host.id, T0 + 60)).toMatchObject({ rows: [{ port: '22' }], rowCount: 1, clipped: false });
  });

  it('ignores differential and discard_data queries, legacy packs, other teams’ names and unknown queries', async () => {
    const host = await enroll();
    const differential = await defineQuery({ name: 'diff', loggingType: 'differential' });
    const discarded = await defineQuery({ name: 'discarded', discardData: true });
    const teamQuery = await defineQuery({ name: 'team only', teamId: 5 });
    const marker = await defineQuery({ name: 'marker' });
    const rows = [{ a: '1' }];
    await log(host.key, [
      snapshotLine('pack/Global/diff', host.identifier, T0, rows),
      eventLine('pack/Global/diff', host.identifier, T0, 'added', { a: '2' }),
      snapshotLine('pack/Global/discarded', host.identifier, T0, rows),
      snapshotLine('pack/Global/team only', host.identifier, T0, rows),
      snapshotLine('pack/team-6/team only', host.identifier, T0, rows),
      snapshotLine('pack/legacy-pack/marker', host.identifier, T0, rows),
      snapshotLine('pack/Global/nobody knows me', host.identifier, T0, rows),
      snapshotLine('unpacked', host.identifier, T0, rows),
    ]);
    // The consumer is ordered: once a later request's line is stored, the earlier one was handled.
    await log(host.key, [snapshotLine('pack/Global/marker', host.identifier, T0, rows)]);
    await resultAt(marker, host.id, T0);
    for (const id of [differential, discarded, teamQuery]) expect(await result(id, host.id)).toBeNull();
    expect(await db().manager.countBy(QueryResultEntity, { hostId: host.id })).toBe(1);
  });

  it('skips malformed lines in a stream message without failing it', async () => {
    const host = await enroll();
    const q = await defineQuery({ name: 'robust' });
    // Straight onto the stream: /log itself drops lines that do not parse.
    await bus().append(OSQUERY_LOGS, {
      hostId: host.id,
      hostIdentifier: host.identifier,
      logType: 'result',
      batchId: `spec-${Date.now()}`,
      receivedAt: new Date().toISOString(),
      lines: [
        'not an object',
        null,
        { hostIdentifier: host.identifier, snapshot: [] },
        { ...snapshotLine('pack/Global/robust', host.identifier, T0, [{ ok: 'no' }]), unixTime: 'yesterday' },
        { ...snapshotLine('pack/Global/robust', host.identifier, T0, [{ ok: 'no' }]), unixTime: -5 },
        { ...snapshotLine('pack/Global/robust', host.identifier, T0, [{ ok: 'no' }]), snapshot: [{ nested: { no: 1 } }] },
        snapshotLine('pack/Global/robust', host.identifier, T0 + 5, [{ ok: 'yes' }]),
      ],
    });
    expect((await resultAt(q, host.id, T0 + 5)).rows).toEqual([{ ok: 'yes' }]);
  });

  it('forgets a deleted query’s results, and those of a query whose SQL changed or that stopped keeping them', async () => {
    const host = await enroll();
    const [a, b, c, d] = [await defineQuery({ name: 'fa' }), await defineQuery({ name: 'fb' }), await defineQuery({ name: 'fc' }), await defineQuery({ name: 'fd' })];
    await log(host.key, ['fa', 'fb', 'fc', 'fd'].map((n) => snapshotLine(`pack/Global/${n}`, host.identifier, T0, [{ n }])));
    await resultAt(d, host.id, T0);
    await db().manager.insert(QueryStatsEntity, { queryId: a, hostId: host.id, queryType: 'scheduled', executions: 1, wallTimeMs: 0, userTime: 0, systemTime: 0, memory: 0, lastExecuted: null });

    await db().manager.delete(QueryEntity, { id: a });
    await bus().publish(QUERIES_CHANGED, { changedIds: [], deletedIds: [a] });
    await changeQuery(b, { query: 'SELECT * FROM usb_devices WHERE vendor = 1' });
    await changeQuery(c, { discardData: true });
    await changeQuery(d, { description: 'only the words changed' });
    await waitFor(async () => (await db().manager.countBy(QueryResultEntity, { hostId: host.id })) === 1, { intervalMs: 10, what: 'results forgotten' });
    expect((await result(d, host.id))?.rows).toEqual([{ n: 'fd' }]);
    expect(await db().manager.countBy(QueryStatsEntity, { queryId: a })).toBe(0);
    // A discarding query stores nothing new either.
    await log(host.key, [snapshotLine('pack/Global/fc', host.identifier, T0 + 1, [{ n: 'again' }]), snapshotLine('pack/Global/fd', host.identifier, T0 + 1, [{ n: 'fd2' }])]);
    await resultAt(d, host.id, T0 + 1);
    expect(await result(c, host.id)).toBeNull();
  });

  it('drops a deleted host’s results with it', async () => {
    const host = await enroll();
    const keep = await enroll();
    const q = await defineQuery({ name: 'gone with the host' });
    await log(host.key, [snapshotLine('pack/Global/gone with the host', host.identifier, T0, [{ a: '1' }])]);
    await log(keep.key, [snapshotLine('pack/Global/gone with the host', keep.identifier, T0, [{ a: '2' }])]);
    await resultAt(q, host.id, T0);
    await resultAt(q, keep.id, T0);
    expect(await bus().request(HOSTS_DELETE, { hostIds: [host.id] })).toEqual({ deleted: 1 });
    expect(await result(q, host.id)).toBeNull();
    expect(await result(q, keep.id)).not.toBeNull();
  });

  it('drops a moved host’s results of its old team’s queries', async () => {
    const host = await enroll();
    await bus().request(HOSTS_TRANSFER, { hostIds: [host.id], teamId: 31 });
    const global = await defineQuery({ name: 'moving global' });
    const team = await defineQuery({ name: 'moving team', teamId: 31 });
    await log(host.key, [snapshotLine('pack/Global/moving global', host.identifier, T0, [{ a: '1' }]), snapshotLine('pack/team-31/moving team', host.identifier, T0, [{ a: '2' }])]);
    await resultAt(team, host.id, T0);
    await resultAt(global, host.id, T0);
    expect(await bus().request(HOSTS_TRANSFER, { hostIds: [host.id], teamId: 32 })).toEqual({ transferred: 1 });
    expect(await result(team, host.id)).toBeNull();
    expect(await result(global, host.id)).not.toBeNull();
  });

  describe('scheduled query stats (the scheduled_query_stats detail query)', () => {
    const write = (key: string, rows: Row[], status = 0) =>
      post('distributed/write', { node_key: key, queries: { fleet_detail_query_scheduled_query_stats: rows }, statuses: { fleet_detail_query_scheduled_query_stats: status }, messages: {} });
    const scheduleRow = (name: string, over: Row = {}): Row => ({
      name, query: 'SELECT 1', interval: '60', executions: '3', last_executed: String(T0), denylisted: '0', output_size: '512', wall_time: '0', wall_time_ms: '90', user_time: '40', system_time: '20', average_memory: '8192', delimiter: '/', ...over,
    });
    const stats = async (hostId: number) =>
      (await db().manager.find(QueryStatsEntity, { where: { hostId, queryType: 'scheduled' }, order: { queryId: 'ASC' } })).map((s) => ({
        queryId: s.queryId, executions: s.executions, wallTimeMs: s.wallTimeMs, userTime: s.userTime, systemTime: s.systemTime, memory: s.memory, outputSize: s.outputSize, denylisted: Boolean(s.denylisted), lastExecuted: s.lastExecuted,
      }));
    const flush = () => server.app.get(ScheduleStatsWriter).flush();

    it('stores the host’s Global and own-team entries, replacing its previous schedule', async () => {
      const host = await enroll();
      await bus().request(HOSTS_TRANSFER, { hostIds: [host.id], teamId: 21 });
      const g = await defineQuery({ name: 'sched global' });
      const t = await defineQuery({ name: 'sched team', teamId: 21 });
      const foreign = await defineQuery({ name: 'sched foreign', teamId: 22 });
      const idle = await defineQuery({ name: 'sched idle' });
      expect((await write(host.key, [
        scheduleRow('pack/Global/sched global'),
        scheduleRow('pack/team-21/sched team', { denylisted: '1', executions: '7' }),
        scheduleRow('pack/team-22/sched foreign'),
        scheduleRow('pack/Global/sched idle', { executions: '0', last_executed: '0' }),
        scheduleRow('pack/Global/not saved'),
        scheduleRow('pack/some-pack/sched global'),
      ])).status).toBe(200);
      await flush();
      const expected = { executions: 3, wallTimeMs: 90, userTime: 40, systemTime: 20, memory: 8192, outputSize: 512, denylisted: false, lastExecuted: new Date(T0 * 1000) };
      expect(await stats(host.id)).toEqual([
        { queryId: g, ...expected },
        { queryId: t, ...expected, executions: 7, denylisted: true },
      ]);
      expect(foreign).toBeGreaterThan(0);

      // The next answer: the team query is no longer scheduled, the idle one ran, the global one ran again.
      await write(host.key, [scheduleRow('pack/Global/sched global', { executions: '4', output_size: '1024' }), scheduleRow('pack/Global/sched idle', { executions: '1' })]);
      await flush();
      expect(await stats(host.id)).toEqual([
        { queryId: g, ...expected, executions: 4, outputSize: 1024 },
        { queryId: idle, ...expected, executions: 1 },
      ]);
      // A failed answer changes nothing; an empty schedule clears the host's stats.
      await write(host.key, [], 1);
      await flush();
      expect((await stats(host.id)).length).toBe(2);
      await write(host.key, []);
      await flush();
      expect(await stats(host.id)).toEqual([]);
    });

    it('reads the pack delimiter the host uses', async () => {
      const host = await enroll();
      const q = await defineQuery({ name: 'sched::colons' });
      await write(host.key, [scheduleRow('pack::Global::sched::colons', { delimiter: '::' })]);
      await flush();
      expect((await stats(host.id)).map((s) => s.queryId)).toEqual([q]);
    });
  });
});
