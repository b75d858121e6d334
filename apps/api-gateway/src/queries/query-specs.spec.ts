import { QUERIES_CHANGED, type PayloadOf } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { TeamEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import type { FleetQueryList } from './query-list';
import type { FleetQuerySpec } from './query-view.mapper';
import { clearQueries, insertTeam, LATEST, names, QueriesApi, V1 } from './testing/queries-api';

describe('query specs (/spec/queries and /spec/reports)', () => {
  let gw: ApiGatewayHarness;
  let api: QueriesApi;
  let teamId: number;
  let events: Array<PayloadOf<typeof QUERIES_CHANGED>>;
  let subscription: BusSubscription;

  const apply = (specs: unknown[], path = `${LATEST}/spec/queries`, as = api) => as.call('POST', path, { specs });
  const all = async () => (await api.call<FleetQueryList>('GET', `${LATEST}/queries?team_id=${teamId}&merge_inherited=true`)).body.queries;

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    api = new QueriesApi(gw, gw.bootstrapTokenFromFile());
    subscription = await gw.bus.subscribe(QUERIES_CHANGED, (e) => void events.push(e));
  });

  beforeEach(async () => {
    events = [];
    await clearQueries(gw);
    await gw.db.manager.clear(TeamEntity);
    teamId = await insertTeam(gw, 'Servers');
  });

  afterAll(async () => {
    await subscription?.unsubscribe();
    await gw?.close();
  });

  it('creates queries by (team, name), replaces them whole on a second apply, and serves them back as specs', async () => {
    const spec: FleetQuerySpec = {
      name: 'Processes',
      description: 'd',
      query: 'SELECT * FROM processes;',
      team: '',
      interval: 600,
      observer_can_run: true,
      platform: 'linux',
      min_osquery_version: '5.9.1',
      automations_enabled: true,
      logging: 'differential',
      discard_data: true,
    };
    const first = await apply([spec, { name: 'Team one', query: 'SELECT 2;', team: 'SERVERS' }]);
    expect([first.status, first.body]).toEqual([200, {}]);
    expect((await all()).map((q) => [q.name, q.team_id, q.interval, q.logging])).toEqual([
      ['Processes', null, 600, 'differential'],
      ['Team one', teamId, 0, 'snapshot'],
    ]);
    for (const base of [`${V1}/spec/queries`, `${LATEST}/spec/reports`]) {
      expect((await api.call('GET', base)).body).toEqual({ specs: [spec] });
      expect((await api.call('GET', `${base}/processes`)).body).toEqual({ specs: spec });
      expect((await api.call('GET', `${base}?team_id=${teamId}`)).body).toEqual({ specs: [expect.objectContaining({ name: 'Team one', team: 'Servers', logging: 'snapshot' })] });
      expect((await api.call('GET', `${base}/Team%20one?team_id=${teamId}`)).body).toEqual({ specs: expect.objectContaining({ name: 'Team one', team: 'Servers' }) });
      expect((await api.call('GET', `${base}/Team%20one`)).status).toBe(404);
    }
    const [before] = await all();
    expect((await apply([{ name: 'PROCESSES', query: 'SELECT pid FROM processes;', team: '' }], `${V1}/spec/reports`)).status).toBe(200);
    const [after] = await all();
    expect(after).toMatchObject({ id: before?.id, name: 'PROCESSES', query: 'SELECT pid FROM processes;', interval: 0, observer_can_run: false, platform: '', automations_enabled: false });
    expect((await apply([{ name: 'PROCESSES', query: 'SELECT pid FROM processes;', team: '' }])).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([
      { changedIds: [before?.id, expect.any(Number)], deletedIds: [] },
      { changedIds: [before?.id], deletedIds: [] },
    ]);
    const applied = await api.activities('applied_spec_saved_query');
    expect(applied).toHaveLength(3);
    expect(applied[0]).toEqual({ specs: [spec, { name: 'Team one', query: 'SELECT 2;', team: 'SERVERS' }] });
  });

  it('writes nothing when any spec is bad, naming it', async () => {
    const bad = await apply([
      { name: 'ok', query: 'SELECT 1' },
      { name: 'bad', query: 'SELECT 1', interval: 9_999_999, logging: 'x' },
    ]);
    expect({ status: bad.status, names: names(bad.body) }).toEqual({ status: 422, names: ['specs.1.interval', 'specs.1.logging'] });
    const twice = await apply([
      { name: 'same', query: 'SELECT 1' },
      { name: 'SAME', query: 'SELECT 2', team: '' },
    ]);
    expect({ status: twice.status, names: names(twice.body) }).toEqual({ status: 422, names: ['specs.1.name'] });
    expect((await apply([{ name: 'x', query: 'SELECT 1', team: 'Nowhere' }])).status).toBe(404);
    const unknown = await apply([{ name: 'x', query: 'SELECT 1', team_id: 1 }]);
    expect({ status: unknown.status, names: names(unknown.body) }).toEqual({ status: 400, names: ['specs.0.team_id'] });
    expect((await api.call('POST', `${LATEST}/spec/queries`, { specs: [], more: 1 })).status).toBe(400);
    expect(await all()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('checks the rights on every spec’s team before writing anything', async () => {
    const other = await insertTeam(gw, 'Other');
    const { token } = await gw.userWithToken({ teams: [{ teamId, role: 'maintainer' }] });
    const maintainer = api.as(token);
    expect((await apply([{ name: 'a', query: 'SELECT 1', team: 'Servers' }, { name: 'b', query: 'SELECT 1', team: '' }], undefined, maintainer)).status).toBe(403);
    expect((await apply([{ name: 'a', query: 'SELECT 1', team: 'Other' }], undefined, maintainer)).status).toBe(403);
    expect((await apply([{ name: 'a', query: 'SELECT 1', team: 'Nowhere' }], undefined, maintainer)).status).toBe(403);
    expect(await all()).toEqual([]);
    expect((await apply([{ name: 'a', query: 'SELECT 1', team: 'servers' }], undefined, maintainer)).status).toBe(200);
    expect((await api.call('GET', `${LATEST}/spec/queries?team_id=${other}`, undefined)).body).toEqual({ specs: [] });
    expect((await maintainer.call('GET', `${LATEST}/spec/queries/a?team_id=${teamId}`)).body).toEqual({ specs: expect.objectContaining({ name: 'a', team: 'Servers' }) });
    expect((await maintainer.call('GET', `${LATEST}/spec/queries?team_id=${other}`)).status).toBe(403);
  });
});
