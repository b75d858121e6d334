import { HOSTS_DELETE } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { LabelMembershipEntity, TeamEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import { answer, clearPolicies, insertLabel, insertTeam, LATEST, names, PoliciesApi } from './testing/policies-api';

interface HostJson {
  id: number;
  issues: { failing_policies_count: number; total_issues_count: number; critical_vulnerabilities_count: number };
  policies?: Array<{ id: number; name: string; response: string; team_id: number | null }>;
}

describe('policies in the hosts API', () => {
  let gw: ApiGatewayHarness;
  let api: PoliciesApi;
  let deleteSub: BusSubscription;
  const deleted: number[][] = [];
  const fleet = new FleetOpenApiValidator();
  const ids: Record<'mac' | 'ubuntu' | 'win' | 'other', number> = { mac: 0, ubuntu: 0, win: 0, other: 0 };
  const policy: Record<'global' | 'linux' | 'team' | 'otherTeam' | 'labelled' | 'excluded', number> = { global: 0, linux: 0, team: 0, otherTeam: 0, labelled: 0, excluded: 0 };
  let teamA: number;

  const hostIds = async (query: string): Promise<number[]> => (await api.call<{ hosts: HostJson[] }>('GET', `${LATEST}/hosts?${query}`)).body.hosts.map((h) => h.id);
  const detail = async (id: number): Promise<HostJson> => (await api.call<{ host: HostJson }>('GET', `${LATEST}/hosts/${id}`)).body.host;

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    api = new PoliciesApi(gw, gw.bootstrapTokenFromFile());
    deleteSub = await gw.bus.handle(HOSTS_DELETE, async ({ hostIds: doomed }) => {
      deleted.push(doomed);
      return { deleted: doomed.length };
    });
  });

  beforeEach(async () => {
    deleted.length = 0;
    await clearPolicies(gw);
    await gw.clearHosts();
    await gw.db.manager.clear(LabelMembershipEntity);
    await gw.db.manager.clear(TeamEntity);
    teamA = await insertTeam(gw, 'A');
    const teamB = await insertTeam(gw, 'B');
    ids.mac = (await gw.seedHost({ osqueryHostId: 'mac', hostname: 'mac', platform: 'darwin', teamId: teamA })).id;
    ids.ubuntu = (await gw.seedHost({ osqueryHostId: 'ubuntu', hostname: 'ubuntu', computerName: 'Build box', platform: 'ubuntu', teamId: teamA })).id;
    ids.win = (await gw.seedHost({ osqueryHostId: 'win', hostname: 'win', platform: 'windows', teamId: null })).id;
    ids.other = (await gw.seedHost({ osqueryHostId: 'other', hostname: 'other', platform: 'darwin', teamId: teamB })).id;
    const label = `Lab ${Date.now()}-${Math.random()}`;
    const labelId = await insertLabel(gw, label);
    await gw.db.manager.save(LabelMembershipEntity, { labelId, hostId: ids.mac });
    policy.global = (await api.create(null, { name: 'everyone' })).id;
    policy.linux = (await api.create(null, { name: 'linux only', platform: 'linux' })).id;
    policy.team = (await api.create(teamA, { name: 'team A', critical: true })).id;
    policy.otherTeam = (await api.create(teamB, { name: 'team B' })).id;
    policy.labelled = (await api.create(null, { name: 'labelled', labels_include_any: [label] })).id;
    policy.excluded = (await api.create(null, { name: 'not labelled', labels_exclude_any: [label] })).id;
    await answer(gw, policy.global, { [ids.mac]: false, [ids.ubuntu]: true, [ids.win]: null, [ids.other]: false });
    await answer(gw, policy.team, { [ids.mac]: false, [ids.ubuntu]: false });
    await answer(gw, policy.otherTeam, { [ids.mac]: false }); // stale: mac left team B
  });

  afterAll(async () => {
    await deleteSub?.unsubscribe();
    await gw?.close();
  });

  it('filters hosts, counts and bulk deletes by policy_id and policy_response', async () => {
    expect(await hostIds(`policy_id=${policy.global}&policy_response=failing`)).toEqual([ids.mac, ids.other]);
    expect(await hostIds(`policy_id=${policy.global}&policy_response=passing`)).toEqual([ids.ubuntu]);
    expect(await hostIds(`policy_id=${policy.global}`)).toEqual([ids.mac, ids.ubuntu, ids.win, ids.other]);
    expect(await hostIds(`policy_id=${policy.team}&policy_response=failing&team_id=${teamA}`)).toEqual([ids.mac, ids.ubuntu]);
    expect(await hostIds(`policy_id=${policy.linux}`)).toEqual([]);
    expect((await api.call('GET', `${LATEST}/hosts/count?policy_id=${policy.global}&policy_response=failing`)).body).toEqual({ count: 2 });

    const bad = await api.call('GET', `${LATEST}/hosts?policy_response=failing`);
    expect([bad.status, names(bad.body)]).toEqual([400, ['policy_response']]);
    expect((await api.call('GET', `${LATEST}/hosts?policy_id=${policy.global}&policy_response=maybe`)).status).toBe(400);
    expect((await api.call('GET', `${LATEST}/hosts/count?policy_response=passing`)).status).toBe(400);
    expect((await api.call('POST', `${LATEST}/hosts/delete`, { filters: { policy_response: 'failing' } })).status).toBe(400);

    expect((await api.call('POST', `${LATEST}/hosts/delete`, { filters: { policy_id: policy.global, policy_response: 'passing' } })).status).toBe(200);
    expect(deleted).toEqual([[ids.ubuntu]]);
  });

  it('counts failing policies that apply to each host in the list', async () => {
    const hosts = (await api.call<{ hosts: HostJson[] }>('GET', `${LATEST}/hosts`)).body.hosts;
    const failing = Object.fromEntries(hosts.map((h) => [h.id, [h.issues.failing_policies_count, h.issues.total_issues_count]]));
    expect(failing).toEqual({ [ids.mac]: [2, 2], [ids.ubuntu]: [1, 1], [ids.win]: [0, 0], [ids.other]: [1, 1] });
  });

  it('lists in a host’s detail the policies that apply to it, with its answers', async () => {
    const mac = await detail(ids.mac);
    expect(mac.policies?.map((p) => [p.name, p.response])).toEqual([
      ['everyone', 'fail'],
      ['team A', 'fail'],
      ['labelled', ''],
    ]);
    expect(mac.issues).toMatchObject({ failing_policies_count: 2, total_issues_count: 2 });
    const ubuntu = await detail(ids.ubuntu);
    expect(ubuntu.policies?.map((p) => [p.name, p.response])).toEqual([
      ['everyone', 'pass'],
      ['linux only', ''],
      ['team A', 'fail'],
      ['not labelled', ''],
    ]);
    const win = (await api.call<{ host: HostJson }>('GET', `${LATEST}/hosts/identifier/win`)).body.host;
    expect(win.policies?.map((p) => [p.name, p.response, p.team_id])).toEqual([
      ['everyone', '', null],
      ['not labelled', '', null],
    ]);
    expect(win.issues.failing_policies_count).toBe(0);
    const body = await api.call('GET', `${LATEST}/hosts/${ids.mac}`);
    expect(fleet.problemsAt('/components/schemas/HostsByIdResponse/properties/host/properties/policies', (body.body as { host: HostJson }).host.policies)).toEqual([]);
    expect(fleet.problemsOfGet('/api/v1/fleet/hosts/{id}', body.body)).toEqual([]);
  });
});
