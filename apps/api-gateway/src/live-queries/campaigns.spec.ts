import { LATEST, LiveQueryWorld, V1 } from './testing/live-query-world';

const SQL = 'SELECT * FROM osquery_info;';

describe('live query campaigns (POST /queries/run)', () => {
  let w: LiveQueryWorld;
  const ids = (...names: Array<keyof LiveQueryWorld['hosts']>) => names.map((n) => w.hosts[n].id).sort((a, b) => a - b);
  const run = (body: unknown, token?: string, path = `${LATEST}/queries/run`) => w.call<{ campaign: Record<string, unknown> }>('POST', path, body, token);
  const lastTargets = () => [...(w.stub.started[w.stub.started.length - 1]?.hostIds ?? [])].sort((a, b) => a - b);

  beforeAll(async () => {
    w = await LiveQueryWorld.start();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('starts a campaign on the selected hosts and answers Fleet’s campaign with its metrics', async () => {
    const res = await run({ query: SQL, selected: { hosts: ids('a1', 'a2') } });
    expect(res.status).toBe(200);
    const sent = w.stub.started[w.stub.started.length - 1];
    // Ad-hoc SQL: stored hidden, and its hosts' stats are not kept as a query's performance.
    expect(sent).toMatchObject({ sql: SQL, userId: null, totals: { count: 2, online: 1, offline: 1, missing_in_action: 0 }, recordStats: false });
    expect(lastTargets()).toEqual(ids('a1', 'a2'));
    expect(res.body.campaign).toEqual({
      id: w.stub.last.id,
      query_id: sent?.queryId,
      status: 0,
      user_id: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: expect.stringMatching(/Z$/),
      Metrics: { TotalHosts: 2, OnlineHosts: 1, OfflineHosts: 1, MissingInActionHosts: 0, NewHosts: 0 },
    });
  });

  it('counts online, offline, missing in action and new hosts', async () => {
    const res = await run({ query: SQL, selected: { hosts: ids('a1', 'a2', 'b1', 'n1', 'new1') } });
    expect(res.body.campaign['Metrics']).toEqual({ TotalHosts: 5, OnlineHosts: 3, OfflineHosts: 1, MissingInActionHosts: 1, NewHosts: 1 });
  });

  it('targets the members of labels: builtin platform labels by platform, others by membership', async () => {
    expect((await run({ query: SQL, selected: { labels: [await w.labelId('macOS')] } })).status).toBe(200);
    expect(lastTargets()).toEqual(ids('a1', 'b1', 'new1'));
    expect((await run({ query: SQL, selected: { labels: [w.manualLabel] } })).status).toBe(200);
    expect(lastTargets()).toEqual(ids('a2', 'b1'));
  });

  it('targets the hosts of teams, and the union of every kind', async () => {
    expect((await run({ query: SQL, selected: { teams: [w.teamA] } })).status).toBe(200);
    expect(lastTargets()).toEqual(ids('a1', 'a2'));
    expect((await run({ query: SQL, selected: { hosts: ids('n1'), labels: [w.manualLabel], fleets: [w.teamA] } })).status).toBe(200);
    expect(lastTargets()).toEqual(ids('a1', 'a2', 'b1', 'n1'));
  });

  it('limits a team user to its teams: label members elsewhere are left out, other teams and their hosts are 403', async () => {
    const teamA = await w.token('observer_plus', 'A');
    expect((await run({ query: SQL, selected: { labels: [await w.labelId('All Hosts')] } }, teamA)).status).toBe(200);
    expect(lastTargets()).toEqual(ids('a1', 'a2'));
    const started = w.stub.started.length;
    expect((await run({ query: SQL, selected: { teams: [w.teamB] } }, teamA)).status).toBe(403);
    expect((await run({ query: SQL, selected: { hosts: ids('b1') } }, teamA)).status).toBe(403);
    expect((await run({ query: SQL, selected: { hosts: ids('n1') } }, teamA)).status).toBe(403);
    const none = await run({ query: SQL, selected: { labels: [await w.labelId('MS Windows')] } }, teamA);
    expect(none).toMatchObject({ status: 400, body: { message: 'no hosts targeted' } });
    expect(w.stub.started.length).toBe(started);
  });

  it('names unknown hosts, labels and teams in a 400', async () => {
    for (const [field, selected] of [
      ['selected.hosts', { hosts: [w.hosts.a1.id, 999_999] }],
      ['selected.labels', { labels: [999_998] }],
      ['selected.teams', { teams: [999_997] }],
    ] as const) {
      const res = await run({ query: SQL, selected });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ name: field, reason: expect.stringContaining('99999') }]);
    }
    expect(await run({ query: SQL, selected: {} })).toMatchObject({ status: 400, body: { message: 'no hosts targeted' } });
  });

  it('refuses malformed bodies and SQL that is not a read', async () => {
    expect((await run({ selected: { hosts: ids('a1') } })).status).toBe(400);
    expect((await run({ query: SQL, query_id: 1, selected: { hosts: ids('a1') } })).status).toBe(400);
    expect((await run({ query: SQL, selected: { hosts: ['a1'] } })).body.errors?.[0]?.name).toBe('selected.hosts.0');
    expect((await run({ query: SQL, selected: { hosts: ids('a1'), pets: [1] } })).status).toBe(400);
    expect((await run({ query: SQL, selected: { hosts: ids('a1') }, extra: true })).status).toBe(400);
    expect((await run('not json at all')).status).toBe(400);
    const garbage = await run({ query: 'DROP TABLE hosts;', selected: { hosts: ids('a1') } });
    expect(garbage).toMatchObject({ status: 422, body: { errors: [{ name: 'query' }] } });
    expect((await run({ query_id: 999_999, selected: { hosts: ids('a1') } })).status).toBe(404);
  });

  it('lets observers run saved queries observers may run, and nothing else', async () => {
    const observable = await w.savedQuery({ observer_can_run: true });
    const restricted = await w.savedQuery({ observer_can_run: false });
    for (const role of ['observer', 'technician'] as const) {
      const token = await w.token(role);
      expect((await run({ query_id: observable, selected: { hosts: ids('a1') } }, token)).status).toBe(200);
      expect(w.stub.started.at(-1)).toMatchObject({ queryId: observable, recordStats: true });
      expect(w.stub.last.queryId).toBe(observable);
      expect((await run({ query_id: restricted, selected: { hosts: ids('a1') } }, token)).status).toBe(403);
      expect((await run({ query: SQL, selected: { hosts: ids('a1') } }, token)).status).toBe(403);
    }
    const plus = await w.token('observer_plus');
    expect((await run({ query_id: restricted, selected: { hosts: ids('a1') } }, plus)).status).toBe(200);
    expect((await run({ query: SQL, selected: { hosts: ids('a1') } }, await w.token('gitops'))).status).toBe(403);
    const teamObserver = await w.token('observer', 'A');
    expect((await run({ report_id: observable, selected: { hosts: ids('a1') } }, teamObserver, `${LATEST}/reports/run`)).status).toBe(200);
    expect((await run({ query_id: observable, selected: { hosts: ids('b1') } }, teamObserver)).status).toBe(403);
  });

  it('runs a team’s saved query on that team’s hosts only', async () => {
    const teamQuery = await w.savedQuery({ team_id: w.teamA });
    expect((await run({ query_id: teamQuery, selected: { labels: [await w.labelId('All Hosts')] } })).status).toBe(200);
    expect(lastTargets()).toEqual(ids('a1', 'a2'));
    expect(await run({ query_id: teamQuery, selected: { hosts: ids('b1') } })).toMatchObject({ status: 400, body: { message: 'no hosts targeted' } });
  });

  it('answers under /reports and /api/v1 as well', async () => {
    for (const path of [`${V1}/queries/run`, `${V1}/reports/run`, `${LATEST}/reports/run`]) expect((await run({ query: SQL, selected: { hosts: ids('a1') } }, undefined, path)).status).toBe(200);
  });

  it('records a live_query activity with the target count, the SQL and a saved query’s name', async () => {
    const user = await w.gw.userWithToken({ globalRole: 'admin' }, 'lq-recorder');
    await run({ query: 'SELECT 42;', selected: { hosts: ids('a1', 'b1') } }, user.token);
    const saved = await w.savedQuery({ query: 'SELECT 43;' });
    await run({ query_id: saved, selected: { hosts: ids('a1') } }, user.token);
    const recorded = (await w.activities('live_query')).slice(-2);
    expect(recorded[0]).toEqual({ targets_count: 2, query_sql: 'SELECT 42;' });
    expect(recorded[1]).toEqual({ targets_count: 1, query_sql: 'SELECT 43;', query_name: expect.stringMatching(/^q-/) });
  });

  it('POST /queries/run_by_identifiers: hosts by hostname, UUID, serial or osquery id; labels by name', async () => {
    const byIds = `${LATEST}/queries/run_by_identifiers`;
    const res = await run({ query: SQL, selected: { hosts: ['a1.example.com', 'UUID-a2', 'SERIAL-b1', 'oid-n1'], labels: [] } }, undefined, byIds);
    expect(res.status).toBe(200);
    expect(lastTargets()).toEqual(ids('a1', 'a2', 'b1', 'n1'));
    expect((await run({ query: SQL, selected: { labels: ['manual-a2-b1'] } }, undefined, byIds)).status).toBe(200);
    expect(lastTargets()).toEqual(ids('a2', 'b1'));
    const unknownLabel = await run({ query: SQL, selected: { labels: ['manual-a2-b1', 'No Such Label'] } }, undefined, byIds);
    expect(unknownLabel).toMatchObject({ status: 400, body: { errors: [{ name: 'selected.labels', reason: 'unknown: "No Such Label"' }] } });
    expect((await run({ query: SQL, selected: { hosts: ['nobody.example.com'] } }, undefined, byIds)).status).toBe(400);
    expect((await run({ query: SQL, selected: { hosts: ['b1.example.com'] } }, await w.token('maintainer', 'A'), `${V1}/reports/run_by_identifiers`)).status).toBe(403);
  });

  it('reports live-query being down as 503, not a crash', async () => {
    await w.withoutLiveQuery(async () => {
      const res = await run({ query: SQL, selected: { hosts: ids('a1') } });
      expect([503, 504]).toContain(res.status);
      expect(res.body.errors?.[0]?.reason).toContain('live-query');
    });
  });
});
