import { TeamEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import type { FleetQueryList } from './query-list';
import type { FleetQuery } from './query-view.mapper';
import { clearQueries, insertTeam, LATEST, names, QueriesApi, V1 } from './testing/queries-api';

const Q = `${LATEST}/queries`;

describe('saved queries API: bad input', () => {
  let gw: ApiGatewayHarness;
  let api: QueriesApi;
  let teamId: number;

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    api = new QueriesApi(gw, gw.bootstrapTokenFromFile());
  });

  beforeEach(async () => {
    await clearQueries(gw);
    await gw.db.manager.clear(TeamEntity);
    teamId = await insertTeam(gw, 'Team A');
  });

  afterAll(async () => {
    await gw?.close();
  });

  const count = async (): Promise<number> => (await api.call<FleetQueryList>('GET', `${Q}?team_id=${teamId}&merge_inherited=true`)).body.count;

  it.each([
    ['no name', { query: 'SELECT 1' }, ['name']],
    ['a blank name', { name: '   ', query: 'SELECT 1' }, ['name']],
    ['a name over 255 characters', { name: 'n'.repeat(256), query: 'SELECT 1' }, ['name']],
    ['no query', { name: 'q' }, ['query']],
    ['a query that writes', { name: 'q', query: 'DELETE FROM users' }, ['query']],
    ['a query hiding behind a comment', { name: 'q', query: '/* SELECT */ DROP TABLE x' }, ['query']],
    ['a query over 65,535 bytes', { name: 'q', query: `SELECT '${'x'.repeat(65_535)}'` }, ['query']],
    ['a negative interval', { name: 'q', query: 'SELECT 1', interval: -1 }, ['interval']],
    ['an interval over a week', { name: 'q', query: 'SELECT 1', interval: 604_801 }, ['interval']],
    ['an unknown logging type', { name: 'q', query: 'SELECT 1', logging: 'stream' }, ['logging']],
    ['an unknown platform', { name: 'q', query: 'SELECT 1', platform: 'darwin,ios' }, ['platform']],
    ['a bad osquery version', { name: 'q', query: 'SELECT 1', min_osquery_version: '5.10' }, ['min_osquery_version']],
    ['several problems at once', { name: '', query: 'UPDATE x', interval: 1e7 }, ['name', 'query', 'interval']],
  ])('refuses %s with 422 naming the fields, writing nothing', async (_what, body, fields) => {
    for (const extra of [{}, { team_id: teamId }]) {
      const res = await api.call('POST', Q, { ...body, ...extra });
      expect({ status: res.status, names: names(res.body) }).toEqual({ status: 422, names: fields });
    }
    expect(await count()).toBe(0);
  });

  it('accepts the limits, SQL after comments, and normalises the platform list', async () => {
    const q = await api.create(null, { name: 'n'.repeat(255), query: '-- check\n  /* block */ select 1;', interval: 604_800, platform: ' linux , darwin,linux', min_osquery_version: '5.10.0', logging: 'differential_ignore_removals' });
    expect(q).toMatchObject({ interval: 604_800, platform: 'linux,darwin', logging: 'differential_ignore_removals' });
    expect((await api.call<{ query: FleetQuery }>('PATCH', `${Q}/${q.id}`, { min_osquery_version: '', platform: '' })).body.query).toMatchObject({ min_osquery_version: '', platform: '' });
  });

  it.each([
    ['an unknown field', { name: 'q', query: 'SELECT 1', critical: true }, 'critical'],
    ['a wrong type', { name: 'q', query: 'SELECT 1', observer_can_run: 'yes' }, 'observer_can_run'],
    ['a fractional interval', { name: 'q', query: 'SELECT 1', interval: 1.5 }, 'interval'],
    ['label scoping (not supported yet)', { name: 'q', query: 'SELECT 1', labels_include_any: ['Servers'] }, 'labels_include_any'],
    ['a body that is not an object', [1, 2], 'base'],
  ])('refuses %s with 400', async (_what, body, field) => {
    const res = await api.call('POST', Q, body);
    expect({ status: res.status, names: names(res.body) }).toEqual({ status: 400, names: [field] });
  });

  it('refuses a name taken in the same team, ignoring letter case (409), but not in another team', async () => {
    const first = await api.create(null, { name: 'Uptime' });
    expect((await api.call('POST', Q, { name: 'UPTIME ', query: 'SELECT 2' })).status).toBe(409);
    const other = await api.create(teamId, { name: 'uptime' });
    expect((await api.call('POST', Q, { name: 'upTime', query: 'SELECT 2', team_id: teamId })).status).toBe(409);
    const renamed = await api.create(null, { name: 'Other' });
    expect((await api.call('PATCH', `${Q}/${renamed.id}`, { name: 'uptime' })).status).toBe(409);
    expect((await api.call<{ query: FleetQuery }>('PATCH', `${Q}/${first.id}`, { name: 'UPTIME' })).body.query.name).toBe('UPTIME');
    expect(other.team_id).toBe(teamId);
  });

  it('refuses unknown teams (404), moving queries between teams (422) and bad parameters (400)', async () => {
    expect((await api.call('POST', Q, { name: 'q', query: 'SELECT 1', team_id: teamId + 100 })).status).toBe(404);
    const q = await api.create(teamId, { name: 'q' });
    expect((await api.call('PATCH', `${Q}/${q.id}`, { team_id: teamId })).status).toBe(200);
    const moved = await api.call('PATCH', `${Q}/${q.id}`, { team_id: null });
    expect({ status: moved.status, names: names(moved.body) }).toEqual({ status: 422, names: ['team_id'] });
    expect((await api.call('PATCH', `${Q}/999999`, { description: 'x' })).status).toBe(404);
    for (const [method, path] of [
      ['GET', `${Q}/abc`],
      ['GET', `${Q}/0`],
      ['PATCH', `${V1}/reports/-1`],
      ['DELETE', `${Q}/id/x`],
      ['GET', `${Q}?order_key=bogus`],
      ['GET', `${Q}?platform=chrome`],
      ['GET', `${Q}?team_id=-1`],
      ['GET', `${Q}?merge_inherited=maybe`],
      ['DELETE', `${Q}/q?team_id=abc`],
      ['GET', `${LATEST}/spec/queries?team_id=x`],
    ] as const) {
      expect({ method, path, status: (await api.call(method, path, method === 'PATCH' ? {} : undefined)).status }).toEqual({ method, path, status: 400 });
    }
    for (const body of [{}, { ids: 'x' }, { ids: [0] }, { ids: [1], extra: true }]) expect((await api.call('POST', `${Q}/delete`, body)).status).toBe(400);
  });
});
