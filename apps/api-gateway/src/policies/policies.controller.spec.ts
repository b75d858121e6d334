import { POLICIES_CHANGED, type PayloadOf } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { TeamEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import type { FleetPolicy } from './policy-view.mapper';
import { clearPolicies, insertLabel, insertTeam, LATEST, PoliciesApi, setStats, V1 } from './testing/policies-api';

type PolicyList = { policies: FleetPolicy[]; inherited_policies?: FleetPolicy[] };

describe('policies API', () => {
  let gw: ApiGatewayHarness;
  let api: PoliciesApi;
  let events: Array<PayloadOf<typeof POLICIES_CHANGED>>;
  let subscription: BusSubscription;
  const fleet = new FleetOpenApiValidator();

  const waitForEvents = async (n: number): Promise<void> => {
    for (let i = 0; i < 200 && events.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    api = new PoliciesApi(gw, gw.bootstrapTokenFromFile());
    subscription = await gw.bus.subscribe(POLICIES_CHANGED, (e) => void events.push(e));
  });

  beforeEach(async () => {
    events = [];
    await clearPolicies(gw);
    await gw.db.manager.clear(TeamEntity);
  });

  afterAll(async () => {
    await subscription?.unsubscribe();
    await gw?.close();
  });

  it('creates, reads, modifies and deletes global policies on every path family, in Fleet’s shape', async () => {
    const label = await insertLabel(gw, 'Engineering');
    const created = await api.create(null, { name: ' Disk encrypted ', query: 'SELECT 1 FROM disk_encryption WHERE encrypted = 1;', description: 'FileVault on', resolution: 'Turn it on', platform: 'darwin,linux', critical: true, labels_include_any: ['Engineering'] });
    expect(created).toMatchObject({
      name: 'Disk encrypted',
      critical: true,
      platform: 'darwin,linux',
      team_id: null,
      author_id: null,
      author_name: '',
      passing_host_count: 0,
      failing_host_count: 0,
      host_count_updated_at: null,
      calendar_events_enabled: false,
      labels_include_any: [{ id: label, name: 'Engineering' }],
      labels_exclude_any: [],
    });
    await setStats(gw, created.id, 3, 2);
    for (const base of [`${V1}/policies`, `${V1}/global/policies`, `${LATEST}/policies`]) {
      const list = await api.call<PolicyList>('GET', base);
      expect(list.status).toBe(200);
      expect(list.body.policies.map((p) => [p.id, p.passing_host_count, p.failing_host_count])).toEqual([[created.id, 3, 2]]);
      expect(list.body.policies[0]?.host_count_updated_at).toEqual(expect.any(String));
      const one = await api.call<{ policy: FleetPolicy }>('GET', `${base}/${created.id}`);
      expect(one.body.policy).toEqual(list.body.policies[0]);
    }
    const count = await api.call<{ count: number }>('GET', `${V1}/policies/count`);
    expect([count.status, count.body.count]).toEqual([200, 1]);
    expect(fleet.problemsOfGet('/api/v1/fleet/policies/count', count.body)).toEqual([]);

    const edited = await api.call<{ policy: FleetPolicy }>('PATCH', `${V1}/global/policies/${created.id}`, { name: 'FileVault', critical: false, labels_include_any: [] });
    expect(edited.status).toBe(200);
    expect(edited.body.policy).toMatchObject({ name: 'FileVault', critical: false, query: created.query, description: 'FileVault on', labels_include_any: [], passing_host_count: 3 });

    const deleted = await api.call<{ deleted: number[] }>('POST', `${LATEST}/policies/delete`, { ids: [created.id, 999] });
    expect(deleted.body).toEqual({ deleted: [created.id] });
    expect((await api.call('GET', `${LATEST}/policies/${created.id}`)).status).toBe(404);
    expect((await api.call('POST', `${V1}/global/policies/delete`, { ids: [created.id] })).body).toEqual({ deleted: [] });

    await waitForEvents(3);
    expect(events).toEqual([
      { changedIds: [created.id], deletedIds: [] },
      { changedIds: [created.id], deletedIds: [] },
      { changedIds: [], deletedIds: [created.id] },
    ]);
    const team = { team_id: null, team_name: null };
    expect(await api.activities('created_policy')).toEqual([{ policy_id: created.id, policy_name: 'Disk encrypted', ...team }]);
    expect(await api.activities('edited_policy')).toEqual([{ policy_id: created.id, policy_name: 'FileVault', ...team }]);
    expect(await api.activities('deleted_policy')).toEqual([{ policy_id: created.id, policy_name: 'FileVault', ...team }]);
  });

  it('serves team policies under /teams and /fleets, with the global ones inherited or merged, validated against Fleet’s schema', async () => {
    const teamId = await insertTeam(gw, 'Workstations');
    const global = await api.create(null, { name: 'Global check' });
    const own = await api.create(teamId, { name: 'Team check', platform: 'windows' });
    expect(own).toMatchObject({ team_id: teamId, fleet_id: teamId, platform: 'windows' });
    for (const p of [global, own]) await setStats(gw, p.id, 1, 0);
    for (const family of ['teams', 'fleets']) {
      for (const prefix of [V1, LATEST]) {
        const base = `${prefix}/${family}/${teamId}/policies`;
        const list = await api.call<PolicyList>('GET', base);
        expect(list.body.policies.map((p) => p.id)).toEqual([own.id]);
        expect(list.body.inherited_policies?.map((p) => p.id)).toEqual([global.id]);
        expect(fleet.problemsOfGet('/api/v1/fleet/fleets/{id}/policies', list.body)).toEqual([]);
        const merged = await api.call<PolicyList>('GET', `${base}?merge_inherited=true`);
        expect(merged.body).toEqual({ policies: [expect.objectContaining({ id: global.id }), expect.objectContaining({ id: own.id })] });
        expect((await api.call('GET', `${base}/count`)).body).toEqual({ count: 1 });
        expect((await api.call('GET', `${base}/count?merge_inherited=1`)).body).toEqual({ count: 2 });
        expect((await api.call<{ policy: FleetPolicy }>('GET', `${base}/${own.id}`)).body.policy.id).toBe(own.id);
      }
    }
    const edited = await api.call<{ policy: FleetPolicy }>('PATCH', `${V1}/fleets/${teamId}/policies/${own.id}`, { query: 'WITH x AS (SELECT 1) SELECT * FROM x;' });
    expect(edited.body.policy.query).toBe('WITH x AS (SELECT 1) SELECT * FROM x;');
    expect((await api.call('POST', `${LATEST}/teams/${teamId}/policies/delete`, { ids: [own.id, global.id] })).body).toEqual({ deleted: [own.id] });
    expect((await api.call('GET', `${LATEST}/policies/${global.id}`)).status).toBe(200);
    const details = { policy_id: own.id, policy_name: 'Team check', team_id: teamId, team_name: 'Workstations' };
    expect(await api.activities('created_policy')).toContainEqual(details);
    expect(await api.activities('deleted_policy')).toContainEqual(details);
  });

  it('orders by counts and names, pages, and searches names', async () => {
    const ids: number[] = [];
    for (const [name, failing] of [['beta', 5], ['Alpha', 1], ['gamma', 9]] as const) {
      const p = await api.create(null, { name });
      await setStats(gw, p.id, 0, failing);
      ids.push(p.id);
    }
    const order = async (query: string) => (await api.call<PolicyList>('GET', `${LATEST}/policies?${query}`)).body.policies.map((p) => p.name);
    expect(await order('order_key=failing_host_count&order_direction=desc')).toEqual(['gamma', 'beta', 'Alpha']);
    expect(await order('order_key=name')).toEqual(['Alpha', 'beta', 'gamma']);
    expect(await order('order_key=name&page=1&per_page=2')).toEqual(['gamma']);
    expect(await order('query=MM')).toEqual(['gamma']);
    expect((await api.call('GET', `${LATEST}/policies/count?query=a`)).body).toEqual({ count: 3 });
    expect((await api.call('GET', `${LATEST}/policies?order_key=bogus`)).status).toBe(400);
  });

  it('announces only redefinitions as changed: a renamed policy is not run again', async () => {
    const p = await api.create(null, { name: 'n' });
    await api.call('PATCH', `${LATEST}/policies/${p.id}`, { description: 'just words' });
    await api.call('PATCH', `${LATEST}/policies/${p.id}`, { platform: 'chrome' });
    await waitForEvents(3);
    expect(events).toEqual([
      { changedIds: [p.id], deletedIds: [] },
      { changedIds: [], deletedIds: [] },
      { changedIds: [p.id], deletedIds: [] },
    ]);
  });

  it('records the author of a policy', async () => {
    const { userId, token } = await gw.userWithToken({ globalRole: 'maintainer' }, 'policy-author');
    const p = await api.as(token).create(null, { name: 'authored' });
    expect(p).toMatchObject({ author_id: userId, author_name: 'policy-author', author_email: 'policy-author@example.com' });
  });
});
