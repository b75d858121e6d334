import { POLICIES_CHANGED } from '@flotilla/contracts';
import { HostEntity, PolicyEntity, TeamEntity, UserTeamEntity } from '@flotilla/platform-db';
import { waitFor } from '@flotilla/testing';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import { OsqueryIngestStandIn } from './testing/osquery-ingest.stand-in';

const V1 = '/api/v1/fleet';
const LATEST = '/api/latest/fleet';
const FAMILIES = [`${V1}/teams`, `${V1}/fleets`, `${LATEST}/teams`, `${LATEST}/fleets`];

interface TeamJson {
  id: number;
  name: string;
  description: string;
  host_count: number;
  user_count: number;
  secrets: Array<{ secret: string; team_id?: number; fleet_id?: number }>;
  agent_options: Record<string, unknown>;
  [key: string]: unknown;
}
interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T & { errors?: Array<{ name: string; reason: string }> };
}

describe('teams API', () => {
  let gw: ApiGatewayHarness;
  let admin: string;
  let ingest: OsqueryIngestStandIn;
  const fleet = new FleetOpenApiValidator();

  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, token = admin): Promise<Reply<T>> => {
    const res = await gw.fetch(path, { method, token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Reply<T>['body'] };
  };
  const create = async (name: string, extra: Record<string, unknown> = {}): Promise<TeamJson> => {
    const res = await call<{ team: TeamJson }>('POST', `${V1}/teams`, { name, ...extra });
    expect(res.status).toBe(200);
    return res.body.team;
  };
  const names = (errors?: Array<{ name: string }>) => (errors ?? []).map((e) => e.name);
  const activities = async (type: string) => {
    const res = await call<{ activities: Array<{ details: Record<string, unknown> }> }>('GET', `${V1}/activities?activity_type=${type}&order_key=id&order_direction=asc&per_page=1000`);
    return res.body.activities.map((a) => a.details);
  };

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    admin = gw.bootstrapTokenFromFile();
    ingest = await OsqueryIngestStandIn.start(gw);
  });

  beforeEach(async () => {
    ingest.reset();
    await gw.clearHosts();
    await gw.db.manager.clear(UserTeamEntity);
    await gw.db.manager.clear(TeamEntity);
  });

  afterAll(async () => {
    await ingest?.stop();
    await gw?.close();
  });

  it('creates a team with one generated enroll secret and serves it on every path family, in Fleet’s schema', async () => {
    const res = await call<{ team: TeamJson; fleet: TeamJson }>('POST', `${V1}/fleets`, { name: '  Workstations ', description: 'desks' });
    expect(res.status).toBe(200);
    const { team, fleet: asFleet } = res.body;
    expect(team).toMatchObject({ name: 'Workstations', description: 'desks', host_count: 0, user_count: 0 });
    expect(team.secrets).toEqual([{ secret: expect.stringMatching(/^[A-Za-z0-9+/]{32}$/), created_at: expect.any(String), team_id: team.id }]);
    expect(asFleet.secrets).toEqual([{ secret: team.secrets[0]?.secret, created_at: expect.any(String), fleet_id: team.id }]);
    expect(ingest.secretReplaces).toEqual([{ teamId: team.id, secrets: [team.secrets[0]?.secret] }]);
    await gw.seedHost({ osqueryHostId: 'h1', hostname: 'h1', teamId: team.id });

    for (const base of FAMILIES) {
      const list = await call<{ teams: TeamJson[]; fleets: TeamJson[] }>('GET', base);
      expect(list.status).toBe(200);
      expect(list.body.teams.map((t) => [t.name, t.host_count])).toEqual([['Workstations', 1]]);
      expect(list.body.fleets.map((t) => t.id)).toEqual([team.id]);
      expect(fleet.problemsOfGet('/api/v1/fleet/fleets', list.body)).toEqual([]);
      const one = await call<{ team: TeamJson; fleet: TeamJson }>('GET', `${base}/${team.id}`);
      expect(one.status).toBe(200);
      expect(one.body.fleet).toMatchObject({ id: team.id, name: 'Workstations', host_count: 1 });
      expect(fleet.problemsOfGet('/api/v1/fleet/fleets/{id}', one.body)).toEqual([]);
    }
    expect(await activities('created_team')).toEqual([{ team_id: team.id, team_name: 'Workstations' }]);
  });

  it('serves 4.86 and pre-4.86 MDM names side by side, defaults filled in', async () => {
    const team = await create('Macs', { secrets: [{ secret: 'macs-secret' }], mdm: { macos_setup: { enable_end_user_authentication: true, enable_release_device_manually: true } } });
    expect(team.secrets.map((s) => s.secret)).toEqual(['macs-secret']);
    const { body } = await call<{ team: TeamJson; fleet: TeamJson }>('GET', `${V1}/fleets/${team.id}`);
    expect(body.fleet['mdm']).toMatchObject({ setup_experience: { enable_end_user_authentication: true, apple_enable_release_device_manually: true }, apple_settings: { configuration_profiles: null } });
    expect(body.team['mdm']).toMatchObject({ macos_setup: { enable_end_user_authentication: true, enable_release_device_manually: true }, macos_settings: { custom_settings: null } });
    expect(body.fleet['features']).toEqual({ enable_host_users: true, enable_software_inventory: true, historical_data: { uptime: true, vulnerabilities: true } });
    expect(body.fleet.agent_options).toMatchObject({ config: { options: { distributed_interval: 10 } }, command_line_flags: null });
    expect(fleet.problemsOfGet('/api/v1/fleet/fleets/{id}', body)).toEqual([]);
  });

  it.each([
    ['an existing name in other letter case', { name: 'WORKSTATIONS' }, 409, 'name'],
    ['a reserved name', { name: ' no team ' }, 422, 'name'],
    ['"All fleets"', { name: 'All Fleets' }, 422, 'name'],
    ['"Unassigned"', { name: 'unassigned' }, 422, 'name'],
    ['an empty name', { name: '   ' }, 422, 'name'],
    ['no name', { description: 'x' }, 422, 'name'],
    ['an unknown key', { name: 'x', colour: 'red' }, 422, 'colour'],
    ['an unknown settings key', { name: 'x', features: { enable_host_users: true, turbo: true } }, 422, 'features.turbo'],
    ['an empty secret', { name: 'x', secrets: [{ secret: '' }] }, 422, 'secrets.0.secret'],
  ])('refuses to create a team with %s', async (_what, body, status, name) => {
    await create('Workstations');
    ingest.reset();
    const res = await call('POST', `${V1}/teams`, body);
    expect(res.status).toBe(status);
    expect(names(res.body.errors)).toContain(name);
    expect((await gw.db.manager.find(TeamEntity)).map((t) => t.name)).toEqual(['Workstations']);
    expect(ingest.secretReplaces).toEqual([]);
  });

  it('creates nothing when osquery-ingest refuses the secrets', async () => {
    await create('A', { secrets: [{ secret: 'shared' }] });
    const res = await call('POST', `${V1}/teams`, { name: 'B', secrets: [{ secret: 'shared' }] });
    expect(res.status).toBe(409);
    expect((await gw.db.manager.find(TeamEntity)).map((t) => t.name)).toEqual(['A']);
  });

  it('PATCH renames (letter case of its own name is fine), merges settings and keeps the rest', async () => {
    const a = await create('Alpha');
    await create('Bravo');
    expect((await call('PATCH', `${V1}/teams/${a.id}`, { name: 'bravo' })).status).toBe(409);
    expect((await call<{ team: TeamJson }>('PATCH', `${LATEST}/fleets/${a.id}`, { name: 'ALPHA' })).body.team.name).toBe('ALPHA');
    const hooks = { failing_policies_webhook: { enable_failing_policies_webhook: true, destination_url: 'https://hooks.example.com/p', policy_ids: [1, 2], host_batch_size: 10 } };
    expect((await call('PATCH', `${V1}/teams/${a.id}`, { description: 'first', host_expiry_settings: { host_expiry_enabled: true, host_expiry_window: 30 } })).status).toBe(200);
    const res = await call<{ team: TeamJson }>('PATCH', `${V1}/teams/${a.id}`, { webhook_settings: hooks, mdm: { macos_updates: { minimum_version: '14.2', deadline: '2026-09-01' } } });
    expect(res.status).toBe(200);
    expect(res.body.team).toMatchObject({
      name: 'ALPHA',
      description: 'first',
      host_expiry_settings: { host_expiry_enabled: true, host_expiry_window: 30 },
      webhook_settings: { ...hooks, host_status_webhook: { enable_host_status_webhook: false } },
      mdm: { macos_updates: { minimum_version: '14.2', deadline: '2026-09-01', update_new_hosts: false } },
    });
    expect(await activities('edited_team')).toEqual([
      { team_id: a.id, team_name: 'ALPHA' },
      { team_id: a.id, team_name: 'ALPHA' },
      { team_id: a.id, team_name: 'ALPHA' },
    ]);
  });

  it.each([
    ['an unknown top-level key', { colour: 'red' }, ['colour']],
    ['unknown nested keys, each named', { mdm: { bogus: 1, macos_setup: { turbo: true } } }, ['mdm.bogus', 'mdm.macos_setup.turbo']],
    ['a wrong type', { features: { enable_host_users: 'yes' } }, ['features.enable_host_users']],
    ['host expiry enabled without a window', { host_expiry_settings: { host_expiry_enabled: true } }, ['host_expiry_settings.host_expiry_window']],
    ['a minimum version without deadline', { mdm: { macos_updates: { minimum_version: '14.1' } } }, ['mdm.macos_updates']],
    ['an enabled webhook without URL', { webhook_settings: { host_status_webhook: { enable_host_status_webhook: true, host_percentage: 5, days_count: 2 } } }, ['webhook_settings.host_status_webhook.destination_url']],
    ['a reserved name', { name: 'All teams' }, ['name']],
  ])('PATCH with %s → 422 naming it, nothing changed', async (_what, body, expected) => {
    const a = await create('Alpha');
    const before = await gw.db.manager.findOneByOrFail(TeamEntity, { id: a.id });
    const res = await call('PATCH', `${V1}/teams/${a.id}`, body);
    expect(res.status).toBe(422);
    expect(names(res.body.errors).sort()).toEqual([...expected].sort());
    expect(await gw.db.manager.findOneByOrFail(TeamEntity, { id: a.id })).toEqual(before);
  });

  it('POST /agent_options validates (unless force), dry_run only validates, and records the change', async () => {
    const a = await create('Alpha');
    const path = `${V1}/fleets/${a.id}/agent_options`;
    const bad = { config: { options: { distributed_interval: 'often' } }, bogus: 1 };
    const refused = await call('POST', path, bad);
    expect(refused.status).toBe(422);
    expect(names(refused.body.errors).sort()).toEqual(['agent_options.bogus', 'agent_options.config.options.distributed_interval']);
    const good = { config: { options: { distributed_interval: 30 } }, overrides: {} };
    expect((await call<{ team: TeamJson }>('POST', `${path}?dry_run=true`, good)).body.team.agent_options).toMatchObject({ config: { options: { distributed_interval: 10 } } });
    expect((await call('POST', `${path}?dry_run=true`, bad)).status).toBe(422);
    const stored = await call<{ team: TeamJson }>('POST', path, good);
    expect(stored.status).toBe(200);
    expect(stored.body.team.agent_options).toEqual(good);
    expect((await call<{ team: TeamJson }>('POST', `${path}?force=true`, bad)).body.team.agent_options).toEqual(bad);
    expect((await call('POST', `${path}?force=true`, [1, 2])).status).toBe(422);
    expect((await call('POST', `${path}?force=maybe`, good)).status).toBe(400);
    expect(await activities('edited_agent_options')).toEqual([
      { global: false, team_id: a.id, team_name: 'Alpha' },
      { global: false, team_id: a.id, team_name: 'Alpha' },
    ]);
  });

  it('answers 404 for unknown teams and 400 for ids that are not ids', async () => {
    for (const [method, suffix, body] of [['GET', ''], ['PATCH', '', { description: 'x' }], ['DELETE', ''], ['POST', '/agent_options', {}]] as const) {
      const res = await call(method, `${V1}/teams/4242${suffix}`, body);
      expect({ method, suffix, status: res.status }).toEqual({ method, suffix, status: 404 });
      expect(res.body).toEqual({ message: 'Resource Not Found', errors: [{ name: 'base', reason: 'team 4242 was not found in the datastore' }] });
    }
    expect((await call('GET', `${V1}/teams/abc`)).status).toBe(400);
    expect((await call('GET', `${V1}/teams?per_page=0`)).status).toBe(400);
  });

  it('lists by name, filtered by query, paged', async () => {
    for (const n of ['charlie', 'Alpha', 'bravo_1', 'bravo']) await create(n);
    const list = async (qs: string) => (await call<{ teams: TeamJson[] }>('GET', `${V1}/teams${qs}`)).body.teams.map((t) => t.name);
    expect(await list('')).toEqual(['Alpha', 'bravo', 'bravo_1', 'charlie']);
    expect(await list('?query=BRAVO')).toEqual(['bravo', 'bravo_1']);
    expect(await list('?query=_')).toEqual(['bravo_1']);
    expect(await list('?page=1&per_page=2')).toEqual(['bravo_1', 'charlie']);
    expect(await list('?order_key=name&order_direction=desc&per_page=1')).toEqual(['charlie']);
  });

  describe('team scoping', () => {
    it('team users see and edit only their teams; creating and deleting needs a global role', async () => {
      const a = await create('Alpha');
      const b = await create('Bravo');
      const teamAdmin = (await gw.userWithToken({ teams: [{ teamId: a.id, role: 'admin' }] })).token;
      const observer = (await gw.userWithToken({ teams: [{ teamId: a.id, role: 'observer' }] })).token;
      const maintainer = (await gw.userWithToken({ teams: [{ teamId: a.id, role: 'maintainer' }] })).token;
      const globalObserver = (await gw.userWithToken({ globalRole: 'observer' })).token;
      const globalMaintainer = (await gw.userWithToken({ globalRole: 'maintainer' })).token;

      const listed = await call<{ teams: TeamJson[]; fleets: TeamJson[] }>('GET', `${V1}/teams`, undefined, teamAdmin);
      expect([listed.body.teams.map((t) => t.name), listed.body.fleets.map((t) => t.name)]).toEqual([['Alpha'], ['Alpha']]);
      expect((await call<{ teams: TeamJson[] }>('GET', `${V1}/teams`, undefined, globalObserver)).body.teams.map((t) => t.name)).toEqual(['Alpha', 'Bravo']);
      expect((await call('GET', `${V1}/teams/${b.id}`, undefined, teamAdmin)).status).toBe(403);
      expect((await call('GET', `${V1}/teams/${b.id}`, undefined, observer)).status).toBe(403);
      expect((await call('GET', `${V1}/teams/4242`, undefined, observer)).status).toBe(403);
      expect((await call('PATCH', `${V1}/teams/${a.id}`, { description: 'mine' }, teamAdmin)).status).toBe(200);
      expect((await call('PATCH', `${V1}/teams/${b.id}`, { description: 'theirs' }, teamAdmin)).status).toBe(403);
      expect((await call('PATCH', `${V1}/teams/${a.id}`, { description: 'no' }, maintainer)).status).toBe(403);
      expect((await call('POST', `${V1}/teams/${a.id}/agent_options`, {}, observer)).status).toBe(403);
      expect((await call('DELETE', `${V1}/teams/${a.id}`, undefined, teamAdmin)).status).toBe(403);
      for (const token of [teamAdmin, maintainer, globalMaintainer, globalObserver]) expect((await call('POST', `${V1}/teams`, { name: 'New' }, token)).status).toBe(403);

      // Secrets show only to those who may read them.
      const seenByObserver = await call<{ team: TeamJson }>('GET', `${V1}/teams/${a.id}`, undefined, observer);
      expect(seenByObserver.body.team.secrets.map((s) => s.secret)).toEqual(['********']);
      const seenByMaintainer = await call<{ team: TeamJson }>('GET', `${V1}/teams/${a.id}`, undefined, maintainer);
      expect(seenByMaintainer.body.team.secrets.map((s) => s.secret)).toEqual(a.secrets.map((s) => s.secret));
    });
  });

  describe('DELETE', () => {
    it('stops enrollment, moves the hosts to no team in batches, drops memberships, then the team', async () => {
      const a = await create('Alpha');
      const keep = await create('Bravo');
      const rows = Array.from({ length: 10_001 }, (_, i) => ({ osqueryHostId: `bulk-${i}`, hostname: `bulk-${i}`, teamId: a.id }));
      for (let i = 0; i < rows.length; i += 500) await gw.db.manager.insert(HostEntity, rows.slice(i, i + 500));
      const other = await gw.seedHost({ osqueryHostId: 'other', hostname: 'other', teamId: keep.id });
      const member = await gw.userWithToken({ teams: [{ teamId: a.id, role: 'observer' }, { teamId: keep.id, role: 'admin' }] });
      const policy = await gw.db.manager.insert(PolicyEntity, { teamId: a.id, teamKey: a.id, name: 'p', query: 'SELECT 1', description: '', resolution: '' });
      const policyId = Number(policy.identifiers[0]?.['id']);
      const announced: Array<{ deletedIds: number[] }> = [];
      const sub = await gw.bus.subscribe(POLICIES_CHANGED, (e) => void announced.push(e));
      ingest.reset();

      const res = await call('DELETE', `${LATEST}/fleets/${a.id}`);
      expect(res).toEqual({ status: 200, body: {} });
      expect(ingest.secretReplaces).toEqual([{ teamId: a.id, secrets: [] }]);
      expect(ingest.transfers.map((t) => [t.hostIds.length, t.teamId])).toEqual([
        [10_000, null],
        [1, null],
      ]);
      expect(await gw.db.manager.countBy(HostEntity, { teamId: a.id })).toBe(0);
      expect((await gw.db.manager.findOneByOrFail(HostEntity, { id: other.id })).teamId).toBe(keep.id);
      expect(await gw.db.manager.findBy(UserTeamEntity, { userId: member.userId })).toEqual([{ userId: member.userId, teamId: keep.id, role: 'admin' }]);
      expect((await call('GET', `${V1}/teams/${a.id}`)).status).toBe(404);
      expect(await activities('deleted_team')).toEqual([{ team_id: a.id, team_name: 'Alpha' }]);
      expect(await gw.db.manager.countBy(PolicyEntity, { teamId: a.id })).toBe(0);
      await waitFor(() => announced.some((e) => e.deletedIds.includes(policyId)), { what: 'the team policy announced as deleted' });
      await sub.unsubscribe();
    });

    it('keeps the team when osquery-ingest is unavailable (503)', async () => {
      const a = await create('Alpha');
      await ingest.stop();
      try {
        const res = await call('DELETE', `${V1}/teams/${a.id}`);
        expect(res.status).toBe(503);
        expect((await call('GET', `${V1}/teams/${a.id}`)).status).toBe(200);
      } finally {
        ingest = await OsqueryIngestStandIn.start(gw);
      }
    });
  });
});
