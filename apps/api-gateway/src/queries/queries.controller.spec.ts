import { QUERIES_CHANGED, type PayloadOf } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { QueryStatsEntity, TeamEntity } from '@flotilla/platform-db';
import { OsqueryIngestStandIn } from '../teams/testing/osquery-ingest.stand-in';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import type { FleetQueryList } from './query-list';
import type { FleetQuery } from './query-view.mapper';
import { clearQueries, FAMILIES, insertTeam, LATEST, QueriesApi, V1 } from './testing/queries-api';

type One = { query: FleetQuery; report: FleetQuery };

describe('saved queries (reports) API', () => {
  let gw: ApiGatewayHarness;
  let api: QueriesApi;
  let events: Array<PayloadOf<typeof QUERIES_CHANGED>>;
  let subscription: BusSubscription;
  let osqueryIngest: OsqueryIngestStandIn;
  const fleet = new FleetOpenApiValidator();

  const waitForEvents = async (n: number): Promise<void> => {
    for (let i = 0; i < 200 && events.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    api = new QueriesApi(gw, gw.bootstrapTokenFromFile());
    subscription = await gw.bus.subscribe(QUERIES_CHANGED, (e) => void events.push(e));
    osqueryIngest = await OsqueryIngestStandIn.start(gw);
  });

  beforeEach(async () => {
    events = [];
    await clearQueries(gw);
    await gw.db.manager.clear(TeamEntity);
  });

  afterAll(async () => {
    await subscription?.unsubscribe();
    await osqueryIngest?.stop();
    await gw?.close();
  });

  it.each(FAMILIES)('creates, reads, modifies and deletes global queries at %s, in Fleet 4.86’s shape', async (base) => {
    const created = await api.create(
      null,
      { name: ' Users ', description: 'who is there', query: 'SELECT * FROM users;', interval: 3600, platform: 'darwin,linux', min_osquery_version: '5.10.0', automations_enabled: true, logging: 'differential', observer_can_run: true, discard_data: true },
      base,
    );
    expect(created).toMatchObject({
      name: 'Users',
      description: 'who is there',
      query: 'SELECT * FROM users;',
      team_id: null,
      fleet_id: null,
      interval: 3600,
      platform: 'darwin,linux',
      min_osquery_version: '5.10.0',
      automations_enabled: true,
      logging: 'differential',
      saved: true,
      observer_can_run: true,
      discard_data: true,
      author_id: null,
      author_name: '',
      author_email: '',
      packs: [],
      stats: { total_executions: 0, system_time_p50: null },
    });
    const list = await api.call<FleetQueryList>('GET', base);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ count: 1, inherited_query_count: 0, inherited_report_count: 0, meta: { has_next_results: false, has_previous_results: false } });
    expect(list.body.queries).toEqual([created]);
    expect(list.body.reports).toEqual([created]);
    expect(fleet.problemsOfGet('/api/v1/fleet/reports', list.body)).toEqual([]);
    const one = await api.call<One>('GET', `${base}/${created.id}`);
    expect(one.body).toEqual({ query: created, report: created });
    expect(fleet.problemsOfGet('/api/v1/fleet/reports/{id}', one.body)).toEqual([]);

    const edited = await api.call<One>('PATCH', `${base}/${created.id}`, { name: 'Logged-in users', interval: 0, logging: 'snapshot' });
    expect(edited.status).toBe(200);
    expect(edited.body.report).toMatchObject({ id: created.id, name: 'Logged-in users', interval: 0, logging: 'snapshot', query: created.query, platform: 'darwin,linux', observer_can_run: true });
    expect((await api.call('DELETE', `${base}/id/${created.id}`)).body).toEqual({});
    expect((await api.call('GET', `${base}/${created.id}`)).status).toBe(404);
    expect((await api.call('DELETE', `${base}/id/${created.id}`)).status).toBe(404);

    await waitForEvents(3);
    expect(events).toEqual([
      { changedIds: [created.id], deletedIds: [] },
      { changedIds: [created.id], deletedIds: [] },
      { changedIds: [], deletedIds: [created.id] },
    ]);
    const global = { team_id: null, team_name: null };
    expect((await api.activities('created_saved_query')).at(-1)).toEqual({ query_id: created.id, query_name: 'Users', ...global });
    expect((await api.activities('edited_saved_query')).at(-1)).toEqual({ query_id: created.id, query_name: 'Logged-in users', ...global });
    expect((await api.activities('deleted_saved_query')).at(-1)).toEqual({ query_id: created.id, query_name: 'Logged-in users', ...global });
  });

  it('deletes by name (per team, letter case ignored) and in bulk, all or nothing', async () => {
    const teamId = await insertTeam(gw, 'Servers');
    const global = await api.create(null, { name: 'Uptime' });
    const own = await api.create(teamId, { name: 'Uptime' });
    expect((await api.call('DELETE', `${V1}/queries/uptime?team_id=${teamId}`)).body).toEqual({});
    expect((await api.call('GET', `${LATEST}/queries/${own.id}`)).status).toBe(404);
    expect((await api.call('GET', `${LATEST}/queries/${global.id}`)).status).toBe(200);
    expect((await api.call('DELETE', `${LATEST}/reports/Uptime?team_id=${teamId}`)).status).toBe(404);
    expect((await api.call('DELETE', `${LATEST}/reports/Uptime`)).body).toEqual({});
    expect((await api.call('DELETE', `${LATEST}/reports/Uptime?team_id=${teamId + 100}`)).status).toBe(404);

    const a = await api.create(null, { name: 'a' });
    const b = await api.create(teamId, { name: 'b' });
    const missing = await api.call('POST', `${LATEST}/queries/delete`, { ids: [a.id, b.id, 99_999] });
    expect(missing.status).toBe(404);
    expect((await api.call<FleetQueryList>('GET', `${LATEST}/queries?team_id=${teamId}&merge_inherited=true`)).body.count).toBe(2);
    expect((await api.call('POST', `${V1}/reports/delete`, { ids: [a.id, b.id, a.id] })).body).toEqual({ deleted: 2 });
    expect((await api.call<FleetQueryList>('GET', `${LATEST}/queries?team_id=${teamId}&merge_inherited=true`)).body.count).toBe(0);
    expect((await api.call('POST', `${V1}/reports/delete`, { ids: [] })).body).toEqual({ deleted: 0 });
    expect(await api.activities('deleted_saved_query')).toEqual(
      expect.arrayContaining([
        { query_id: own.id, query_name: 'Uptime', team_id: teamId, team_name: 'Servers' },
        { query_id: global.id, query_name: 'Uptime', team_id: null, team_name: null },
      ]),
    );
    expect((await api.activities('deleted_multiple_saved_query')).at(-1)).toEqual({ query_ids: [a.id, b.id], team_id: null, team_name: null });
    await waitForEvents(7);
    expect(events.at(-1)).toEqual({ changedIds: [], deletedIds: [a.id, b.id] });
  });

  it('lists a team’s queries with the global ones merged in, counted, filtered, ordered and paged', async () => {
    const teamId = await insertTeam(gw, 'Laptops');
    const g1 = await api.create(null, { name: 'beta', interval: 60, platform: 'darwin' });
    const g2 = await api.create(null, { name: 'Alpha' });
    const t1 = await api.create(teamId, { name: 'gamma', interval: 60 }, `${V1}/reports`);
    expect(t1).toMatchObject({ team_id: teamId, fleet_id: teamId });
    const names = async (query: string) => (await api.call<FleetQueryList>('GET', `${LATEST}/queries?${query}`)).body.queries.map((q) => q.name);
    expect(await names('')).toEqual(['beta', 'Alpha']);
    expect(await names(`team_id=${teamId}`)).toEqual(['gamma']);
    expect(await names(`fleet_id=${teamId}`)).toEqual(['gamma']);
    expect(await names(`team_id=${teamId}&merge_inherited=true&order_key=name`)).toEqual(['Alpha', 'beta', 'gamma']);
    expect(await names(`team_id=${teamId}&merge_inherited=true&order_key=name&order_direction=desc&page=1&per_page=2`)).toEqual(['Alpha']);
    expect(await names('query=ETA')).toEqual(['beta']);
    expect(await names(`team_id=${teamId}&merge_inherited=1&platform=macOS`)).toEqual(['beta', 'gamma']);
    expect(await names(`team_id=${teamId}&merge_inherited=1&platform=windows`)).toEqual(['gamma']);
    const merged = await api.call<FleetQueryList>('GET', `${LATEST}/reports?team_id=${teamId}&merge_inherited=true&per_page=1`);
    expect(merged.body).toMatchObject({ count: 3, inherited_query_count: 2, inherited_report_count: 2, meta: { has_next_results: true, has_previous_results: false } });
    expect(merged.body.queries.map((q) => q.id)).toEqual([g1.id]);
    expect((await api.call<FleetQueryList>('GET', `${LATEST}/reports?per_page=1&page=1`)).body.meta).toEqual({ has_next_results: false, has_previous_results: true });
    expect(g2.id).toBeGreaterThan(g1.id);
    expect((await api.call('GET', `${LATEST}/queries?team_id=${teamId + 100}`)).status).toBe(404);
  });

  it('announces only real changes, and records the author', async () => {
    const { userId, token } = await gw.userWithToken({ globalRole: 'maintainer' }, 'query-author');
    const q = await api.as(token).create(null, { name: 'authored' });
    expect(q).toMatchObject({ author_id: userId, author_name: 'query-author', author_email: 'query-author@example.com' });
    await api.call('PATCH', `${LATEST}/queries/${q.id}`, { name: 'authored' });
    await api.call('PATCH', `${LATEST}/queries/${q.id}`, { observer_can_run: true });
    await waitForEvents(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([
      { changedIds: [q.id], deletedIds: [] },
      { changedIds: [q.id], deletedIds: [] },
    ]);
  });

  it('reports the query’s performance from its hosts’ stats: percentiles of per-host averages and all executions', async () => {
    const created = await gw.fetch('/api/latest/fleet/queries', { method: 'POST', token: gw.bootstrapTokenFromFile(), body: JSON.stringify({ name: 'perf', query: 'SELECT 1' }) });
    const { query } = (await created.json()) as { query: { id: number; stats: unknown } };
    expect(query.stats).toEqual({ system_time_p50: null, system_time_p95: null, user_time_p50: null, user_time_p95: null, total_executions: 0 });
    const samples = [
      { hostId: 1, executions: 2, userTime: 20, systemTime: 4 },
      { hostId: 2, executions: 1, userTime: 30, systemTime: 1 },
      { hostId: 3, executions: 4, userTime: 8, systemTime: 40 },
    ];
    await gw.db.manager.insert(QueryStatsEntity, samples.map((s) => ({ ...s, queryId: query.id, queryType: 'live' as const, wallTimeMs: 0, memory: 0, lastExecuted: new Date() })));
    const res = await gw.fetch(`/api/latest/fleet/queries/${query.id}`, { token: gw.bootstrapTokenFromFile() });
    // Per-host averages: user 10, 30, 2; system 2, 1, 10.
    expect(((await res.json()) as { query: { stats: unknown } }).query.stats).toEqual({ user_time_p50: 10, user_time_p95: 30, system_time_p50: 2, system_time_p95: 10, total_executions: 7 });
  });

  it('drops a team’s queries with the team', async () => {
    const teamId = await insertTeam(gw, 'Doomed');
    const q = await api.create(teamId, { name: 'gone with the team' });
    expect((await api.call('DELETE', `${LATEST}/teams/${teamId}`)).status).toBe(200);
    expect((await api.call('GET', `${LATEST}/queries/${q.id}`)).status).toBe(404);
    await waitForEvents(2);
    expect(events).toContainEqual({ changedIds: [], deletedIds: [q.id] });
  });
});
