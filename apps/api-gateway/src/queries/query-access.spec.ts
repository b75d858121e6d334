import { TeamEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { QueriesService } from './queries.service';
import type { FleetQueryList } from './query-list';
import type { FleetQuery } from './query-view.mapper';
import { clearQueries, insertTeam, LATEST, QueriesApi, V1 } from './testing/queries-api';

const Q = `${LATEST}/queries`;
const R = `${V1}/reports`;

describe('saved queries: team scope, the author rule and hidden queries', () => {
  let gw: ApiGatewayHarness;
  let admin: QueriesApi;
  let teamA: number;
  let teamB: number;
  let global: FleetQuery;
  let ofA: FleetQuery;
  let ofB: FleetQuery;
  const as = async (roles: Parameters<ApiGatewayHarness['userWithToken']>[0]) => {
    const { userId, token } = await gw.userWithToken(roles);
    return { userId, api: admin.as(token) };
  };

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    admin = new QueriesApi(gw, gw.bootstrapTokenFromFile());
  });

  beforeEach(async () => {
    await clearQueries(gw);
    await gw.db.manager.clear(TeamEntity);
    teamA = await insertTeam(gw, 'A');
    teamB = await insertTeam(gw, 'B');
    global = await admin.create(null, { name: 'global' });
    ofA = await admin.create(teamA, { name: 'of A' });
    ofB = await admin.create(teamB, { name: 'of B' });
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('lets team users read the global queries and their team’s, and nothing of other teams', async () => {
    const { api } = await as({ teams: [{ teamId: teamA, role: 'observer' }] });
    expect((await api.call<FleetQueryList>('GET', Q)).body.queries.map((q) => q.id)).toEqual([global.id]);
    expect((await api.call<FleetQueryList>('GET', `${Q}?team_id=${teamA}&merge_inherited=true`)).body.queries.map((q) => q.id)).toEqual([global.id, ofA.id]);
    expect((await api.call('GET', `${Q}/${global.id}`)).status).toBe(200);
    expect((await api.call('GET', `${R}/${ofA.id}`)).status).toBe(200);
    expect((await api.call('GET', `${R}/${ofB.id}`)).status).toBe(403);
    expect((await api.call('GET', `${Q}?team_id=${teamB}`)).status).toBe(403);
    // Permission before existence: an unknown team is 403 to a team user, 404 to a global one.
    expect((await api.call('GET', `${Q}?team_id=4242`)).status).toBe(403);
    expect((await admin.call('GET', `${Q}?team_id=4242`)).status).toBe(404);
    expect((await api.call('GET', `${LATEST}/spec/queries?team_id=${teamB}`)).status).toBe(403);
    expect((await api.call('POST', Q, { name: 'x', query: 'SELECT 1', team_id: teamA })).status).toBe(403);
  });

  it('lets only global roles write global queries, and team writers their team’s', async () => {
    const { api: teamAdmin } = await as({ teams: [{ teamId: teamA, role: 'admin' }] });
    expect((await teamAdmin.call('POST', Q, { name: 'g2', query: 'SELECT 1' })).status).toBe(403);
    expect((await teamAdmin.call('PATCH', `${Q}/${global.id}`, { description: 'x' })).status).toBe(403);
    expect((await teamAdmin.call('DELETE', `${Q}/global`)).status).toBe(403);
    expect((await teamAdmin.call('POST', `${Q}/delete`, { ids: [global.id] })).status).toBe(403);
    expect((await teamAdmin.call('POST', Q, { name: 'b2', query: 'SELECT 1', team_id: teamB })).status).toBe(403);
    expect((await teamAdmin.call('PATCH', `${Q}/${ofA.id}`, { description: 'team admins edit any query of their team' })).status).toBe(200);
    expect((await teamAdmin.call('POST', Q, { name: 'a2', query: 'SELECT 1', team_id: teamA })).status).toBe(200);
    const { api: gitops } = await as({ globalRole: 'gitops' });
    expect((await gitops.call('PATCH', `${Q}/${ofB.id}`, { interval: 60 })).status).toBe(200);
    const { api: observer } = await as({ globalRole: 'observer_plus' });
    expect((await observer.call('POST', Q, { name: 'nope', query: 'SELECT 1' })).status).toBe(403);
    expect((await observer.call<FleetQueryList>('GET', `${Q}?team_id=${teamB}`)).body.queries.map((q) => q.id)).toEqual([ofB.id]);
  });

  it('lets a team maintainer change only the queries it wrote (Fleet’s rule)', async () => {
    const { userId, api: maintainer } = await as({ teams: [{ teamId: teamA, role: 'maintainer' }] });
    const mine = await maintainer.create(teamA, { name: 'mine' });
    expect(mine.author_id).toBe(userId);
    expect((await maintainer.call('PATCH', `${R}/${mine.id}`, { interval: 300 })).status).toBe(200);
    expect((await maintainer.call('PATCH', `${R}/${ofA.id}`, { interval: 300 })).status).toBe(403);
    expect((await maintainer.call('DELETE', `${R}/id/${ofA.id}`)).status).toBe(403);
    expect((await maintainer.call('DELETE', `${R}/of%20A?team_id=${teamA}`)).status).toBe(403);
    expect((await maintainer.call('POST', `${R}/delete`, { ids: [mine.id, ofA.id] })).status).toBe(403);
    expect((await maintainer.call('POST', `${LATEST}/spec/reports`, { specs: [{ name: 'of A', query: 'SELECT 2', team: 'A' }] })).status).toBe(403);
    expect((await admin.call<{ query: FleetQuery }>('GET', `${Q}/${ofA.id}`)).body.query).toMatchObject({ interval: 0, query: 'SELECT 1;' });
    expect((await admin.call('GET', `${Q}/${mine.id}`)).status).toBe(200);
    expect((await maintainer.call('POST', `${LATEST}/spec/reports`, { specs: [{ name: 'MINE', query: 'SELECT 2', team: 'A' }] })).status).toBe(200);
    expect((await maintainer.call('DELETE', `${R}/id/${mine.id}`)).status).toBe(200);
  });

  it('stores ad-hoc live queries hidden: never listed, never in specs, readable by id', async () => {
    const service = gw.server.app.get(QueriesService);
    const { userId, api: user } = await as({ globalRole: 'observer' });
    const principal = { sessionId: 0, user: { id: userId, name: 'u', email: 'live@example.com', gravatarUrl: '', globalRole: 'observer' as const, teams: [], apiOnly: true, forcePasswordReset: false } };
    const id = await service.saveHidden(principal, 'SELECT * FROM processes;');
    const bootstrapId = await service.saveHidden({ sessionId: 0, user: null }, 'SELECT 2;');
    expect((await user.call<FleetQueryList>('GET', Q)).body).toMatchObject({ count: 1, queries: [{ id: global.id }] });
    expect((await admin.call<{ specs: unknown[] }>('GET', `${LATEST}/spec/queries`)).body.specs).toHaveLength(1);
    const hidden = (await admin.call<{ query: FleetQuery }>('GET', `${Q}/${id}`)).body.query;
    expect(hidden).toMatchObject({ saved: false, team_id: null, author_id: userId, query: 'SELECT * FROM processes;', interval: 0 });
    expect(hidden.name).toMatch(/^distributed_live@example\.com_\d{19}$/);
    expect((await admin.call<{ query: FleetQuery }>('GET', `${Q}/${bootstrapId}`)).body.query.name).toMatch(/^distributed_bootstrap_\d{19}$/);
    await expect(service.saveHidden(principal, 'DROP TABLE hosts')).rejects.toMatchObject({ status: 422 });
  });

  it('hands the live-query API a runnable query, or 404 / 403', async () => {
    const service = gw.server.app.get(QueriesService);
    const teamUser = { sessionId: 0, user: { id: 999, name: 'u', email: 'u@example.com', gravatarUrl: '', globalRole: null, teams: [{ teamId: teamA, role: 'observer' as const }], apiOnly: true, forcePasswordReset: false } };
    await admin.call('PATCH', `${Q}/${ofA.id}`, { observer_can_run: true, platform: 'linux', min_osquery_version: '5.10.0' });
    expect(await service.getRunnable(teamUser, ofA.id)).toEqual({ id: ofA.id, name: 'of A', query: 'SELECT 1;', teamId: teamA, observerCanRun: true, platform: 'linux', minOsqueryVersion: '5.10.0' });
    expect(await service.getRunnable(teamUser, global.id)).toMatchObject({ id: global.id, teamId: null, observerCanRun: false, platform: '' });
    await expect(service.getRunnable(teamUser, ofB.id)).rejects.toMatchObject({ status: 403 });
    await expect(service.getRunnable(teamUser, 99_999)).rejects.toMatchObject({ status: 404 });
  });
});
