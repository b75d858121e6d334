import { HOSTS_DELETE } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { HostEntity, LabelEntity, LabelMembershipEntity } from '@flotilla/platform-db';
import { In } from 'typeorm';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';

const V1 = '/api/v1/fleet';
const LATEST = '/api/latest/fleet';

interface HostJson {
  id: number;
  hostname: string;
  labels?: Array<{ id: number; name: string; label_type: string; label_membership_type: string }>;
}

describe('label membership on the hosts API', () => {
  let gw: ApiGatewayHarness;
  let token: string;
  let sub: BusSubscription;
  const fleet = new FleetOpenApiValidator();
  const hosts: Record<string, number> = {};
  const labels: Record<string, number> = {};

  const get = async <T>(path: string, status = 200, as = token): Promise<T> => {
    const res = await gw.fetch(path, { token: as });
    expect({ path, status: res.status }).toEqual({ path, status });
    return (await res.json()) as T;
  };
  const names = (list: { hosts: HostJson[] }) => list.hosts.map((h) => h.hostname);
  const builtin = async (name: string) => (await gw.db.manager.findOneByOrFail(LabelEntity, { name })).id;

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    token = gw.bootstrapTokenFromFile();
    const now = Date.now();
    const seeds: Array<[string, string, number | null, number]> = [
      ['alpha', 'darwin', null, 5_000],
      ['bravo', 'ubuntu', 1, 3_600_000],
      ['charlie', 'windows', 1, 5_000],
      ['delta', 'rhel', 2, 5_000],
      ['echo', 'darwin', 2, 5_000],
    ];
    for (const [hostname, platform, teamId, ago] of seeds) {
      hosts[hostname] = (await gw.seedHost({ osqueryHostId: `oid-${hostname}`, hostname, platform, teamId, uuid: `UUID-${hostname}`, seenTime: new Date(now - ago), distributedInterval: 10, configTlsRefresh: 10 })).id;
    }
    const create = async (body: Record<string, unknown>) => {
      const res = await gw.fetch(`${V1}/labels`, { method: 'POST', token, body: JSON.stringify(body) });
      return ((await res.json()) as { label: { id: number } }).label.id;
    };
    labels['dynamic'] = await create({ name: 'Has Chrome', query: "SELECT 1 FROM apps WHERE name = 'Chrome';" });
    labels['manual'] = await create({ name: 'Pilot', host_ids: [hosts['alpha'], hosts['delta']] });
    labels['empty'] = await create({ name: 'Nobody', host_ids: [] });
    // osquery-ingest's part: hosts whose query returned rows get membership rows.
    await gw.db.manager.insert(LabelMembershipEntity, [hosts['bravo'], hosts['charlie'], hosts['echo']].map((hostId) => ({ labelId: labels['dynamic'], hostId })));
    sub = await gw.bus.handle(HOSTS_DELETE, async ({ hostIds }) => {
      const found = await gw.db.manager.findBy(HostEntity, { id: In(hostIds) });
      if (found.length > 0) await gw.db.manager.delete(HostEntity, found.map((h) => h.id));
      return { deleted: found.length };
    });
  });

  afterAll(async () => {
    await sub?.unsubscribe();
    await gw?.close();
  });

  it('filters /hosts and /hosts/count by each kind of label', async () => {
    const cases: Array<[number, string[]]> = [
      [labels['dynamic'] ?? 0, ['bravo', 'charlie', 'echo']],
      [labels['manual'] ?? 0, ['alpha', 'delta']],
      [labels['empty'] ?? 0, []],
      [await builtin('All Hosts'), ['alpha', 'bravo', 'charlie', 'delta', 'echo']],
      [await builtin('macOS'), ['alpha', 'echo']],
      [await builtin('All Linux'), ['bravo', 'delta']],
      [await builtin('Android'), []],
      [999_999, []],
    ];
    for (const [id, expected] of cases) {
      expect({ id, hosts: names(await get(`${V1}/hosts?label_id=${id}`)) }).toEqual({ id, hosts: expected });
      expect(await get(`${LATEST}/hosts/count?label_id=${id}`)).toEqual({ count: expected.length });
    }
    expect(names(await get(`${V1}/hosts?label_id=${labels['dynamic']}&team_id=1&status=online`))).toEqual(['charlie']);
  });

  it('lists a label’s hosts with the /hosts filters, paging and Fleet’s shape', async () => {
    const all = await get<{ hosts: HostJson[] }>(`${V1}/labels/${labels['dynamic']}/hosts`);
    expect(names(all)).toEqual(['bravo', 'charlie', 'echo']);
    expect(fleet.problemsOfGet('/api/v1/fleet/labels/{id}/hosts', all)).toEqual([]);
    expect(names(await get(`${LATEST}/labels/${labels['dynamic']}/hosts?status=online&order_key=hostname&order_direction=desc`))).toEqual(['echo', 'charlie']);
    expect(names(await get(`${LATEST}/labels/${labels['dynamic']}/hosts?page=1&per_page=2`))).toEqual(['echo']);
    expect(names(await get(`${LATEST}/labels/${await builtin('macOS')}/hosts?query=ech`))).toEqual(['echo']);
    expect(names(await get(`${LATEST}/labels/${labels['manual']}/hosts?team_id=0`))).toEqual(['alpha']);
    await get(`${V1}/labels/999999/hosts`, 404);
    await get(`${V1}/labels/abc/hosts`, 400);
    await get(`${V1}/labels/${labels['manual']}/hosts?status=asleep`, 400);
  });

  it('counts and lists only the hosts of a team user’s teams', async () => {
    const team1 = await gw.userWithToken({ teams: [{ teamId: 1, role: 'observer' }] });
    expect(names(await get(`${V1}/labels/${labels['dynamic']}/hosts`, 200, team1.token))).toEqual(['bravo', 'charlie']);
    expect(names(await get(`${V1}/labels/${await builtin('All Hosts')}/hosts`, 200, team1.token))).toEqual(['bravo', 'charlie']);
    expect(names(await get(`${V1}/hosts?label_id=${labels['manual']}`, 200, team1.token))).toEqual([]);
    await get(`${V1}/labels/${labels['dynamic']}/hosts?team_id=2`, 403, team1.token);
    const { labels: list } = await get<{ labels: Array<{ name: string; host_count: number }> }>(`${V1}/labels`, 200, team1.token);
    expect(Object.fromEntries(list.map((l) => [l.name, l.host_count]))).toMatchObject({ 'All Hosts': 2, 'Has Chrome': 2, Pilot: 0, macOS: 0, 'All Linux': 1 });
  });

  it('shows each host its labels, builtin ones included, in Fleet’s shape', async () => {
    const byId = await get<{ host: HostJson }>(`${V1}/hosts/${hosts['echo']}`);
    expect(fleet.problemsOfGet('/api/v1/fleet/hosts/{id}', byId)).toEqual([]);
    expect(byId.host.labels?.map((l) => l.name)).toEqual(['All Hosts', 'macOS', 'Has Chrome']);
    expect(byId.host.labels?.[2]).toMatchObject({ label_type: 'regular', label_membership_type: 'dynamic' });
    const byIdentifier = await get<{ host: HostJson }>(`${LATEST}/hosts/identifier/UUID-delta`);
    expect(fleet.problemsOfGet('/api/v1/fleet/hosts/identifier/{identifier}', byIdentifier)).toEqual([]);
    expect(byIdentifier.host.labels?.map((l) => [l.name, l.label_membership_type])).toEqual([
      ['All Hosts', 'dynamic'],
      ['Red Hat Linux', 'dynamic'],
      ['All Linux', 'dynamic'],
      ['Pilot', 'manual'],
    ]);
  });

  it('deletes the hosts of a label by filter', async () => {
    const res = await gw.fetch(`${V1}/hosts/delete`, { method: 'POST', token, body: JSON.stringify({ filters: { label_id: labels['manual'] } }) });
    expect(res.status).toBe(200);
    expect((await gw.db.manager.find(HostEntity, { order: { id: 'ASC' } })).map((h) => h.hostname)).toEqual(['bravo', 'charlie', 'echo']);
    expect(await get(`${V1}/hosts/count?label_id=${labels['manual']}`)).toEqual({ count: 0 });
  });
});
