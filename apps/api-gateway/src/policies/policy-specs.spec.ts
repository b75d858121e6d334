import { POLICIES_CHANGED, type PayloadOf } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { TeamEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import type { FleetPolicy } from './policy-view.mapper';
import { clearPolicies, insertLabel, insertTeam, LATEST, names, PoliciesApi, V1 } from './testing/policies-api';

type PolicyList = { policies: FleetPolicy[]; inherited_policies?: FleetPolicy[] };

describe('POST /spec/policies', () => {
  let gw: ApiGatewayHarness;
  let api: PoliciesApi;
  let teamId: number;
  let events: Array<PayloadOf<typeof POLICIES_CHANGED>>;
  let subscription: BusSubscription;

  const apply = (specs: unknown[], as = api) => as.call('POST', `${LATEST}/spec/policies`, { specs });
  const policies = async (): Promise<FleetPolicy[]> => (await api.call<PolicyList>('GET', `${LATEST}/teams/${teamId}/policies?merge_inherited=true`)).body.policies;

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    api = new PoliciesApi(gw, gw.bootstrapTokenFromFile());
    await insertLabel(gw, 'Servers');
    subscription = await gw.bus.subscribe(POLICIES_CHANGED, (e) => void events.push(e));
  });

  beforeEach(async () => {
    events = [];
    await clearPolicies(gw);
    await gw.db.manager.clear(TeamEntity);
    teamId = await insertTeam(gw, 'Servers team');
  });

  afterAll(async () => {
    await subscription?.unsubscribe();
    await gw?.close();
  });

  it('creates policies by (team, name), then replaces them whole on a second apply', async () => {
    const first = await apply([
      { name: 'Global one', query: 'SELECT 1;', description: 'd', resolution: 'r', platform: 'darwin', critical: true, team: '' },
      { name: 'Team one', query: 'SELECT 2;', team: 'servers TEAM', labels_include_any: ['Servers'] },
    ]);
    expect([first.status, first.body]).toEqual([200, {}]);
    const created = await policies();
    expect(created.map((p) => [p.name, p.team_id, p.platform, p.critical])).toEqual([
      ['Global one', null, 'darwin', true],
      ['Team one', teamId, '', false],
    ]);
    expect(created[1]?.labels_include_any.map((l) => l.name)).toEqual(['Servers']);

    expect((await apply([{ name: 'global ONE', query: 'SELECT 1;' }, { name: 'Team one', query: 'SELECT 3;', team: 'Servers team' }])).status).toBe(200);
    const replaced = await policies();
    expect(replaced.map((p) => [p.id, p.name, p.query, p.description, p.platform, p.critical, p.labels_include_any.length])).toEqual([
      [created[0]?.id, 'global ONE', 'SELECT 1;', '', '', false, 0],
      [created[1]?.id, 'Team one', 'SELECT 3;', '', '', false, 0],
    ]);

    for (let i = 0; i < 50 && events.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual([
      { changedIds: [created[0]?.id, created[1]?.id], deletedIds: [] },
      { changedIds: [created[0]?.id, created[1]?.id], deletedIds: [] },
    ]);
    const applied = await api.activities('applied_spec_policies');
    expect(applied.at(-1)).toEqual({ policies: [{ name: 'global ONE', query: 'SELECT 1;' }, { name: 'Team one', query: 'SELECT 3;', team: 'Servers team' }] });
  });

  it('writes nothing when any spec is invalid, naming the spec', async () => {
    const res = await apply([
      { name: 'fine', query: 'SELECT 1' },
      { name: 'bad', query: 'UPDATE x SET y = 1' },
    ]);
    expect([res.status, names(res.body)]).toEqual([422, ['specs.1.query']]);
    const dup = await apply([
      { name: 'same', query: 'SELECT 1' },
      { name: 'SAME', query: 'SELECT 2' },
    ]);
    expect([dup.status, names(dup.body)]).toEqual([422, ['specs.1.name']]);
    expect((await apply([{ name: 'x', query: 'SELECT 1', team: 'No such team' }])).status).toBe(404);
    expect((await apply([{ name: 'x', query: 'SELECT 1', bogus: true }])).status).toBe(400);
    expect((await apply([{ query: 'SELECT 1' }])).status).toBe(400);
    expect((await api.call('POST', `${V1}/spec/policies`, { specs: 'x' })).status).toBe(400);
    expect(await policies()).toEqual([]);
  });

  it('checks the right on each spec’s team', async () => {
    const teamMaintainer = api.as((await gw.userWithToken({ teams: [{ teamId, role: 'maintainer' }] })).token);
    expect((await apply([{ name: 'mine', query: 'SELECT 1', team: 'Servers team' }], teamMaintainer)).status).toBe(200);
    expect((await apply([{ name: 'global', query: 'SELECT 1' }], teamMaintainer)).status).toBe(403);
    expect((await apply([{ name: 'elsewhere', query: 'SELECT 1', team: 'Hidden team' }], teamMaintainer)).status).toBe(403);
    expect((await policies()).map((p) => p.name)).toEqual(['mine']);
  });
});
