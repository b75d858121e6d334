import { TeamEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import type { FleetPolicy } from './policy-view.mapper';
import { clearPolicies, insertLabel, insertTeam, LATEST, names, PoliciesApi } from './testing/policies-api';

describe('policies API: bad input and team scoping', () => {
  let gw: ApiGatewayHarness;
  let api: PoliciesApi;
  let teamA: number;
  let teamB: number;

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    api = new PoliciesApi(gw, gw.bootstrapTokenFromFile());
    await insertLabel(gw, 'Servers');
    await insertLabel(gw, 'Laptops');
  });

  beforeEach(async () => {
    await clearPolicies(gw);
    await gw.db.manager.clear(TeamEntity);
    teamA = await insertTeam(gw, 'Team A');
    teamB = await insertTeam(gw, 'Team B');
  });

  afterAll(async () => {
    await gw?.close();
  });

  it.each([
    ['no name', { query: 'SELECT 1' }, 'name'],
    ['a blank name', { name: '   ', query: 'SELECT 1' }, 'name'],
    ['a name over 255 characters', { name: 'n'.repeat(256), query: 'SELECT 1' }, 'name'],
    ['no query', { name: 'q' }, 'query'],
    ['a blank query', { name: 'q', query: ' \n ' }, 'query'],
    ['a query that writes', { name: 'q', query: 'DELETE FROM users' }, 'query'],
    ['a query hiding behind a comment', { name: 'q', query: '/* SELECT */ DROP TABLE x' }, 'query'],
    ['a query over 64 KiB', { name: 'q', query: `SELECT '${'x'.repeat(65_536)}'` }, 'query'],
    ['an unknown platform', { name: 'q', query: 'SELECT 1', platform: 'darwin,beos' }, 'platform'],
    ['an unknown label', { name: 'q', query: 'SELECT 1', labels_include_any: ['Servers', 'Nope'] }, 'labels_include_any'],
    ['both label lists', { name: 'q', query: 'SELECT 1', labels_include_any: ['Servers'], labels_exclude_any: ['Laptops'] }, 'labels_include_any'],
  ])('refuses %s with 422 naming the field', async (_what, body, field) => {
    for (const path of [`${LATEST}/policies`, `${LATEST}/teams/${teamA}/policies`]) {
      const res = await api.call('POST', path, body);
      expect({ status: res.status, names: names(res.body) }).toEqual({ status: 422, names: [field] });
    }
    expect((await api.call<{ count: number }>('GET', `${LATEST}/policies/count`)).body.count).toBe(0);
  });

  it('accepts SQL after comments and whitespace, and normalises the platform list', async () => {
    const p = await api.create(null, { name: 'commented', query: '-- check\n  /* block */ select 1;', platform: ' linux , darwin,linux' });
    expect(p.platform).toBe('linux,darwin');
  });

  it.each([
    ['an unknown field', { name: 'q', query: 'SELECT 1', team_id: 3 }, 'team_id'],
    ['a wrong type', { name: 'q', query: 'SELECT 1', critical: 'yes' }, 'critical'],
    ['labels that are not names', { name: 'q', query: 'SELECT 1', labels_include_any: [1] }, 'labels_include_any.0'],
    ['a body that is not an object', [1, 2], 'base'],
  ])('refuses %s with 400', async (_what, body, field) => {
    const res = await api.call('POST', `${LATEST}/policies`, body);
    expect({ status: res.status, names: names(res.body) }).toEqual({ status: 400, names: [field] });
  });

  it('keeps names unique per team, ignoring letter case (409), but lets teams reuse them', async () => {
    const first = await api.create(null, { name: 'Firewall on' });
    expect((await api.call('POST', `${LATEST}/policies`, { name: 'FIREWALL ON', query: 'SELECT 1' })).status).toBe(409);
    await api.create(teamA, { name: 'Firewall on' });
    expect((await api.call('POST', `${LATEST}/teams/${teamA}/policies`, { name: 'firewall on', query: 'SELECT 1' })).status).toBe(409);
    const other = await api.create(null, { name: 'Other' });
    expect((await api.call('PATCH', `${LATEST}/policies/${other.id}`, { name: 'Firewall ON' })).status).toBe(409);
    expect((await api.call('PATCH', `${LATEST}/policies/${first.id}`, { name: 'firewall on' })).status).toBe(200);
  });

  it('refuses a label list that would leave both lists set', async () => {
    const p = await api.create(null, { name: 'scoped', labels_exclude_any: ['Laptops'] });
    const res = await api.call('PATCH', `${LATEST}/policies/${p.id}`, { labels_include_any: ['Servers'] });
    expect([res.status, names(res.body)]).toEqual([422, ['labels_include_any']]);
    const both = await api.call<{ policy: FleetPolicy }>('PATCH', `${LATEST}/policies/${p.id}`, { labels_include_any: ['Servers'], labels_exclude_any: [] });
    expect(both.body.policy.labels_include_any.map((l) => l.name)).toEqual(['Servers']);
  });

  it('answers 404 for unknown teams and policies, and for a policy addressed through another team', async () => {
    const inA = await api.create(teamA, { name: 'a' });
    const global = await api.create(null, { name: 'g' });
    expect((await api.call('POST', `${LATEST}/teams/9999/policies`, { name: 'x', query: 'SELECT 1' })).status).toBe(404);
    expect((await api.call('GET', `${LATEST}/teams/9999/policies`)).status).toBe(404);
    expect((await api.call('GET', `${LATEST}/teams/${teamB}/policies/${inA.id}`)).status).toBe(404);
    expect((await api.call('PATCH', `${LATEST}/teams/${teamB}/policies/${inA.id}`, { name: 'stolen' })).status).toBe(404);
    expect((await api.call('GET', `${LATEST}/teams/${teamA}/policies/${global.id}`)).status).toBe(404);
    expect((await api.call('PATCH', `${LATEST}/policies/${inA.id}`, { name: 'x' })).status).toBe(404);
    expect((await api.call('GET', `${LATEST}/policies/424242`)).status).toBe(404);
    expect((await api.call('POST', `${LATEST}/teams/${teamB}/policies/delete`, { ids: [inA.id] })).body).toEqual({ deleted: [] });
    expect((await api.call('GET', `${LATEST}/policies/abc`)).status).toBe(400);
    expect((await api.call('POST', `${LATEST}/policies/delete`, { ids: ['1'] })).status).toBe(400);
  });

  it('scopes team users to their team: global policies only through merge_inherited, writes only in their team', async () => {
    const global = await api.create(null, { name: 'g' });
    const inA = await api.create(teamA, { name: 'a' });
    const inB = await api.create(teamB, { name: 'b' });
    const observer = api.as((await gw.userWithToken({ teams: [{ teamId: teamA, role: 'observer' }] })).token);
    const maintainer = api.as((await gw.userWithToken({ teams: [{ teamId: teamA, role: 'maintainer' }] })).token);

    expect((await observer.call('GET', `${LATEST}/policies`)).status).toBe(403);
    expect((await observer.call('GET', `${LATEST}/policies/${global.id}`)).status).toBe(403);
    const merged = await observer.call<{ policies: FleetPolicy[] }>('GET', `${LATEST}/teams/${teamA}/policies?merge_inherited=true`);
    expect(merged.body.policies.map((p) => p.id)).toEqual([global.id, inA.id]);
    expect((await observer.call('GET', `${LATEST}/teams/${teamB}/policies`)).status).toBe(403);
    expect((await observer.call('GET', `${LATEST}/teams/${teamB}/policies/${inB.id}`)).status).toBe(403);
    expect((await observer.call('POST', `${LATEST}/teams/${teamA}/policies`, { name: 'x', query: 'SELECT 1' })).status).toBe(403);

    expect((await maintainer.call('POST', `${LATEST}/teams/${teamA}/policies`, { name: 'x', query: 'SELECT 1' })).status).toBe(200);
    expect((await maintainer.call('PATCH', `${LATEST}/teams/${teamA}/policies/${inA.id}`, { critical: true })).status).toBe(200);
    expect((await maintainer.call('POST', `${LATEST}/teams/${teamB}/policies`, { name: 'x', query: 'SELECT 1' })).status).toBe(403);
    expect((await maintainer.call('POST', `${LATEST}/policies`, { name: 'x', query: 'SELECT 1' })).status).toBe(403);
    expect((await maintainer.call('PATCH', `${LATEST}/policies/${global.id}`, { critical: true })).status).toBe(403);
    expect((await maintainer.call('POST', `${LATEST}/policies/delete`, { ids: [global.id] })).status).toBe(403);
    expect((await maintainer.call('POST', `${LATEST}/teams/9999/policies`, { name: 'x', query: 'SELECT 1' })).status).toBe(403);

    const globalObserver = api.as((await gw.userWithToken({ globalRole: 'observer' })).token);
    expect((await globalObserver.call('GET', `${LATEST}/teams/${teamB}/policies/${inB.id}`)).status).toBe(200);
    expect((await globalObserver.call('POST', `${LATEST}/policies`, { name: 'x', query: 'SELECT 1' })).status).toBe(403);
  });
});
