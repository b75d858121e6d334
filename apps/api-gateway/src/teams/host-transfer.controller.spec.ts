import { HostEntity, UserTeamEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { OsqueryIngestStandIn } from './testing/osquery-ingest.stand-in';

const V1 = '/api/v1/fleet';

describe('moving hosts between teams (through osquery-ingest)', () => {
  let gw: ApiGatewayHarness;
  let admin: string;
  let ingest: OsqueryIngestStandIn;
  let alpha: number;
  let bravo: number;
  let charlie: number;
  const host: Record<string, number> = {};

  const call = async (method: string, path: string, body?: unknown, token = admin) => {
    const res = await gw.fetch(path, { method, token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as { errors?: Array<{ name: string }> } & Record<string, unknown> };
  };
  const createTeam = async (name: string) => ((await call('POST', `${V1}/teams`, { name })).body['team'] as { id: number }).id;
  /** hostname → team id (null: no team). */
  const placement = async () => Object.fromEntries((await gw.db.manager.find(HostEntity, { order: { hostname: 'ASC' } })).map((h) => [h.hostname, h.teamId]));
  const transferred = async () => {
    const res = await gw.fetch(`${V1}/activities?activity_type=transferred_hosts&order_key=id&order_direction=asc&per_page=1000`, { token: admin });
    return ((await res.json()) as { activities: Array<{ details: Record<string, unknown> }> }).activities.map((a) => a.details);
  };

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    admin = gw.bootstrapTokenFromFile();
    ingest = await OsqueryIngestStandIn.start(gw);
    alpha = await createTeam('alpha');
    bravo = await createTeam('bravo');
    charlie = await createTeam('charlie');
  });

  beforeEach(async () => {
    await gw.clearHosts();
    await gw.db.manager.clear(UserTeamEntity);
    const seeds: Array<[string, number | null, string]> = [
      ['a1', alpha, 'Alpha One'],
      ['a2', alpha, ''],
      ['b1', bravo, ''],
      ['c1', charlie, ''],
      ['n1', null, ''],
    ];
    for (const [hostname, teamId, computerName] of seeds) host[hostname] = (await gw.seedHost({ osqueryHostId: hostname, hostname, computerName, teamId })).id;
    ingest.reset();
  });

  afterAll(async () => {
    await ingest?.stop();
    await gw?.close();
  });

  it('POST /hosts/transfer moves the listed hosts (unknown ids ignored) and records it', async () => {
    const res = await call('POST', `${V1}/hosts/transfer`, { team_id: bravo, hosts: [host['a1'], host['n1'], 999_999] });
    expect(res).toEqual({ status: 200, body: {} });
    expect(ingest.transfers).toEqual([{ hostIds: [host['a1'], host['n1']], teamId: bravo }]);
    expect(await placement()).toEqual({ a1: bravo, a2: alpha, b1: bravo, c1: charlie, n1: bravo });
    expect((await transferred()).at(-1)).toEqual({ team_id: bravo, team_name: 'bravo', host_ids: [host['a1'], host['n1']], host_display_names: ['Alpha One', 'n1'] });

    expect((await call('POST', '/api/latest/fleet/hosts/transfer', { team_id: null, hosts: [host['a1']] })).status).toBe(200);
    expect((await call('POST', `${V1}/hosts/transfer`, { fleet_id: 0, hosts: [host['b1']] })).status).toBe(200);
    expect(await placement()).toMatchObject({ a1: null, b1: null });
    expect((await transferred()).at(-1)).toMatchObject({ team_id: null, team_name: null, host_ids: [host['b1']] });
  });

  it.each([
    ['an unknown team', { team_id: 4242, hosts: [1] }, 404],
    ['no hosts list', { team_id: 1 }, 422],
    ['host ids that are not ids', { team_id: null, hosts: ['x'] }, 422],
    ['a team id that is not an id', { team_id: 'alpha', hosts: [1] }, 422],
  ])('refuses %s and moves nothing', async (_what, body, status) => {
    expect((await call('POST', `${V1}/hosts/transfer`, body)).status).toBe(status);
    expect(ingest.transfers).toEqual([]);
  });

  it('needs host.transfer on the destination and on every team the hosts leave', async () => {
    const alphaMaintainer = (await gw.userWithToken({ teams: [{ teamId: alpha, role: 'maintainer' }] })).token;
    const twoTeams = (await gw.userWithToken({ teams: [{ teamId: alpha, role: 'maintainer' }, { teamId: bravo, role: 'admin' }] })).token;
    const alphaObserver = (await gw.userWithToken({ teams: [{ teamId: alpha, role: 'observer' }] })).token;
    const gitops = (await gw.userWithToken({ globalRole: 'gitops' })).token;
    const move = (token: string, teamId: number | null, hostnames: string[]) => call('POST', `${V1}/hosts/transfer`, { team_id: teamId, hosts: hostnames.map((n) => host[n]) }, token);

    expect((await move(alphaMaintainer, bravo, ['a1'])).status).toBe(403); // destination outside its teams
    expect((await move(alphaMaintainer, alpha, ['b1'])).status).toBe(403); // source outside its teams
    expect((await move(alphaMaintainer, null, ['a1'])).status).toBe(403); // "No team" is global
    expect((await move(alphaMaintainer, alpha, ['n1'])).status).toBe(403);
    expect((await move(twoTeams, bravo, ['a1', 'c1'])).status).toBe(403); // one source of two is not its own
    expect((await move(alphaObserver, alpha, ['a2'])).status).toBe(403);
    expect(ingest.transfers).toEqual([]);
    expect((await move(twoTeams, bravo, ['a1', 'a2'])).status).toBe(200);
    expect((await move(gitops, charlie, ['a1', 'n1'])).status).toBe(200);
    expect(await placement()).toEqual({ a1: charlie, a2: bravo, b1: bravo, c1: charlie, n1: charlie });
  });

  it('POST /hosts/transfer/filter moves the matching hosts, within the caller’s teams', async () => {
    expect((await call('POST', `${V1}/hosts/transfer/filter`, { team_id: charlie, filters: { team_id: alpha } })).status).toBe(200);
    expect(await placement()).toEqual({ a1: charlie, a2: charlie, b1: bravo, c1: charlie, n1: null });
    expect((await transferred()).at(-1)).toMatchObject({ team_id: charlie, host_ids: [host['a1'], host['a2']] });

    const twoTeams = (await gw.userWithToken({ teams: [{ teamId: bravo, role: 'maintainer' }, { teamId: charlie, role: 'admin' }] })).token;
    // No team filter: only hosts of its own teams move ("No team" hosts stay).
    expect((await call('POST', `${V1}/hosts/transfer/filter`, { team_id: bravo, filters: { query: '1' } }, twoTeams)).status).toBe(200);
    expect(await placement()).toEqual({ a1: bravo, a2: charlie, b1: bravo, c1: bravo, n1: null });
    expect((await call('POST', `${V1}/hosts/transfer/filter`, { team_id: bravo, filters: { team_id: 0 } }, twoTeams)).status).toBe(403);
    expect((await call('POST', `${V1}/hosts/transfer/filter`, { team_id: alpha, filters: {} }, twoTeams)).status).toBe(403);
    expect((await call('POST', `${V1}/hosts/transfer/filter`, { team_id: bravo, filters: { status: 'asleep' } })).status).toBe(422);
    ingest.reset();
    expect((await call('POST', `${V1}/hosts/transfer/filter`, { team_id: bravo, filters: { query: 'nothing-matches' } })).status).toBe(200);
    expect(ingest.transfers).toEqual([]);
  });

  it('reports osquery-ingest being down as 503', async () => {
    await ingest.stop();
    try {
      const res = await call('POST', `${V1}/hosts/transfer`, { team_id: bravo, hosts: [host['a1']] });
      expect(res.status).toBe(503);
      expect(await placement()).toMatchObject({ a1: alpha });
    } finally {
      ingest = await OsqueryIngestStandIn.start(gw);
    }
  });
});
