import { LabelMembershipEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import type { FleetPack } from './pack-view.mapper';
import { clearPacks, insertLabel, insertTeam, LATEST, names, PacksApi, PacksEvents, V1 } from './testing/packs-api';

type One = { pack: FleetPack };
type List = { packs: FleetPack[] };

describe('packs API', () => {
  let gw: ApiGatewayHarness;
  let api: PacksApi;
  let events: PacksEvents;
  let seq = 0;
  const host = async (teamId: number | null = null, platform = 'ubuntu') => (await gw.seedHost({ osqueryHostId: `pack-host-${++seq}`, hostname: `h${seq}`, teamId, platform })).id;

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    api = new PacksApi(gw, gw.bootstrapTokenFromFile());
    events = await PacksEvents.start(gw);
  });

  beforeEach(async () => {
    await clearPacks(gw);
    await gw.clearHosts();
    events.reset();
  });

  afterAll(async () => {
    await events?.stop();
    await gw?.close();
  });

  it.each([V1, LATEST])('creates, reads, lists, modifies and deletes packs under %s, in Fleet’s shape', async (prefix) => {
    const teamId = await insertTeam(gw, 'Servers');
    const labelId = await insertLabel(gw, 'Manual');
    const [h1, h2] = [await host(), await host(teamId)];
    const created = await api.ok<One>('POST', `${prefix}/packs`, { name: ' Baseline ', description: 'osquery basics', platform: 'darwin, linux', host_ids: [h1, h1], label_ids: [labelId], team_ids: [teamId] });
    expect(created.pack).toEqual({
      id: expect.any(Number),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      updated_at: expect.any(String),
      name: 'Baseline',
      description: 'osquery basics',
      platform: 'darwin,linux',
      disabled: false,
      type: null,
      query_count: 0,
      total_scheduled_queries_count: 0,
      total_hosts_count: 2,
      host_ids: [h1],
      label_ids: [labelId],
      team_ids: [teamId],
    });
    const id = created.pack.id;
    expect(await api.ok<One>('GET', `${prefix}/packs/${id}`)).toEqual(created);
    expect(await api.ok<List>('GET', `${prefix}/packs`)).toEqual({ packs: [created.pack] });

    const edited = await api.ok<One>('PATCH', `${prefix}/packs/${id}`, { name: 'Baseline v2', disabled: true, host_ids: [h2], team_ids: null });
    expect(edited.pack).toMatchObject({ id, name: 'Baseline v2', description: 'osquery basics', platform: 'darwin,linux', disabled: true, host_ids: [h2], label_ids: [labelId], team_ids: [teamId], total_hosts_count: 1 });
    expect((await api.ok<One>('PATCH', `${prefix}/packs/${id}`, { label_ids: [], team_ids: [] })).pack).toMatchObject({ host_ids: [h2], label_ids: [], team_ids: [] });

    expect(await api.ok('DELETE', `${prefix}/packs/id/${id}`)).toEqual({});
    expect((await api.call('GET', `${prefix}/packs/${id}`)).status).toBe(404);
    expect((await api.call('DELETE', `${prefix}/packs/id/${id}`)).status).toBe(404);

    expect(await events.settle(4)).toEqual([
      { changedIds: [id], deletedIds: [] },
      { changedIds: [id], deletedIds: [] },
      { changedIds: [id], deletedIds: [] },
      { changedIds: [], deletedIds: [id] },
    ]);
    expect((await api.activities('created_pack')).at(-1)).toEqual({ pack_id: id, pack_name: 'Baseline' });
    expect((await api.activities('edited_pack')).slice(-2)).toEqual([
      { pack_id: id, pack_name: 'Baseline v2' },
      { pack_id: id, pack_name: 'Baseline v2' },
    ]);
    expect((await api.activities('deleted_pack')).at(-1)).toEqual({ pack_id: id, pack_name: 'Baseline v2' });
  });

  it('deletes by name (letter case ignored) with the pack’s targets and scheduled queries', async () => {
    const q = await api.createQuery({ name: 'uptime' });
    const pack = await api.createPack({ name: 'Doomed', host_ids: [await host()] });
    await api.schedule({ pack_id: pack.id, query_id: q.id });
    expect(await api.ok('DELETE', `${LATEST}/packs/doomed`)).toEqual({});
    expect((await api.call('DELETE', `${LATEST}/packs/doomed`)).status).toBe(404);
    const left = await gw.db.manager.query('SELECT (SELECT COUNT(*) FROM pack_targets) AS targets, (SELECT COUNT(*) FROM scheduled_queries) AS scheduled');
    expect(left).toEqual([{ targets: 0, scheduled: 0 }]);
    expect((await events.settle(3)).at(-1)).toEqual({ changedIds: [], deletedIds: [pack.id] });
  });

  it('counts the hosts the targets reach: named hosts, team hosts and label members (builtin labels by platform), each once', async () => {
    const teamId = await insertTeam(gw, 'Laptops');
    const manual = await insertLabel(gw, 'Hand-picked');
    const [a, b, c, d] = [await host(teamId, 'darwin'), await host(null, 'darwin'), await host(null, 'windows'), await host(null, 'ubuntu')];
    await gw.db.manager.insert(LabelMembershipEntity, [{ labelId: manual, hostId: c }]);
    const macos = (await api.ok<{ labels: Array<{ id: number; name: string }> }>('GET', `${LATEST}/labels`)).labels.find((l) => l.name === 'macOS')?.id;
    const allHosts = (await api.ok<{ labels: Array<{ id: number; name: string }> }>('GET', `${LATEST}/labels`)).labels.find((l) => l.name === 'All Hosts')?.id;
    const count = async (body: Record<string, unknown>) => (await api.createPack({ name: `count-${++seq}`, ...body })).total_hosts_count;
    expect(await count({})).toBe(0);
    expect(await count({ host_ids: [a, b] })).toBe(2);
    expect(await count({ team_ids: [teamId], host_ids: [a] })).toBe(1);
    expect(await count({ label_ids: [macos], host_ids: [a, b, d] })).toBe(3);
    expect(await count({ label_ids: [manual, macos] })).toBe(3);
    expect(await count({ label_ids: [allHosts], team_ids: [teamId] })).toBe(4);
    expect(d).toBeGreaterThan(c);
  });

  it('lists in id order, or by name, paged', async () => {
    for (const name of ['b', 'C', 'a']) await api.createPack({ name });
    const list = async (query: string) => (await api.ok<List>('GET', `${LATEST}/packs${query}`)).packs.map((p) => p.name);
    expect(await list('')).toEqual(['b', 'C', 'a']);
    expect(await list('?order_key=name')).toEqual(['a', 'b', 'C']);
    expect(await list('?order_key=name&order_direction=desc&page=1&per_page=2')).toEqual(['a']);
    expect((await api.call('GET', `${LATEST}/packs?order_key=platform`)).status).toBe(400);
  });

  it('refuses a taken name (any letter case) with 409, writing nothing', async () => {
    const first = await api.createPack({ name: 'Security' });
    const other = await api.createPack({ name: 'Other' });
    const dup = await api.call('POST', `${LATEST}/packs`, { name: 'SECURITY' });
    expect({ status: dup.status, names: names(dup.body), message: dup.body.message }).toEqual({ status: 409, names: ['name'], message: 'Resource Already Exists' });
    expect((await api.call('PATCH', `${LATEST}/packs/${other.id}`, { name: 'security ' })).status).toBe(409);
    expect((await api.call('PATCH', `${LATEST}/packs/${first.id}`, { name: 'SECURITY' })).body).toMatchObject({ pack: { name: 'SECURITY' } });
    expect((await api.ok<List>('GET', `${LATEST}/packs`)).packs.map((p) => p.name)).toEqual(['SECURITY', 'Other']);
  });

  it.each([
    ['no name', {}, ['name']],
    ['a blank name', { name: '  ' }, ['name']],
    ['a name over 255 characters', { name: 'n'.repeat(256) }, ['name']],
    ['a system pack’s name', { name: 'Global' }, ['name']],
    ['a team pack’s name', { name: 'team-12' }, ['name']],
    ['an unknown platform', { name: 'p', platform: 'darwin,ios' }, ['platform']],
    ['several problems at once', { name: '', platform: 'beos' }, ['name', 'platform']],
  ])('refuses %s with 422 naming the fields', async (_what, body, fields) => {
    const res = await api.call('POST', `${LATEST}/packs`, body);
    expect({ status: res.status, names: names(res.body) }).toEqual({ status: 422, names: fields });
    expect((await api.ok<List>('GET', `${LATEST}/packs`)).packs).toEqual([]);
  });

  it.each([
    ['an unknown field', { name: 'p', queries: [] }, ['queries']],
    ['a wrongly typed field', { name: 'p', disabled: 'yes' }, ['disabled']],
    ['target ids that are not ids', { name: 'p', host_ids: [0, 'x'] }, ['host_ids.0', 'host_ids.1']],
    ['a body that is not an object', [1], ['base']],
  ])('refuses %s with 400 naming it', async (_what, body, fields) => {
    const res = await api.call('POST', `${LATEST}/packs`, body);
    expect({ status: res.status, names: names(res.body) }).toEqual({ status: 400, names: fields });
  });

  it('refuses targets that do not exist with 400 naming each kind, on create and modify, writing nothing', async () => {
    const real = await host();
    const res = await api.call('POST', `${LATEST}/packs`, { name: 'p', host_ids: [real, 9_001], label_ids: [9_002], team_ids: [9_003, 9_004] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { name: 'host_ids', reason: 'no host 9001' },
      { name: 'label_ids', reason: 'no label 9002' },
      { name: 'team_ids', reason: 'no team 9003, 9004' },
    ]);
    expect((await api.ok<List>('GET', `${LATEST}/packs`)).packs).toEqual([]);
    const pack = await api.createPack({ name: 'p', host_ids: [real] });
    expect((await api.call('PATCH', `${LATEST}/packs/${pack.id}`, { name: 'renamed', host_ids: [9_001] })).status).toBe(400);
    expect((await api.ok<One>('GET', `${LATEST}/packs/${pack.id}`)).pack).toMatchObject({ name: 'p', host_ids: [real] });
  });

  it('answers 400 for bad path parameters and 404 for unknown packs', async () => {
    expect((await api.call('GET', `${LATEST}/packs/abc`)).status).toBe(400);
    expect((await api.call('GET', `${LATEST}/packs/0`)).status).toBe(400);
    const missing = await api.call('GET', `${LATEST}/packs/424242`);
    expect(missing).toEqual({ status: 404, body: { message: 'Resource Not Found', errors: [{ name: 'base', reason: 'pack 424242 was not found in the datastore' }] } });
    expect((await api.call('PATCH', `${LATEST}/packs/424242`, { name: 'x' })).status).toBe(404);
    expect((await api.call('GET', `${LATEST}/packs/424242/scheduled`)).status).toBe(404);
  });

  it('lets global observers read and global maintainers and GitOps write; refuses team users and observers’ writes', async () => {
    const teamId = await insertTeam(gw, 'Team');
    const pack = await api.createPack({ name: 'Guarded' });
    const as = async (roles: Parameters<ApiGatewayHarness['userWithToken']>[0]) => api.as((await gw.userWithToken(roles)).token);
    for (const role of ['observer', 'observer_plus'] as const) {
      const observer = await as({ globalRole: role });
      expect((await observer.call('GET', `${LATEST}/packs`)).status).toBe(200);
      expect((await observer.call('GET', `${LATEST}/packs/${pack.id}`)).status).toBe(200);
      expect((await observer.call('GET', `${LATEST}/packs/${pack.id}/scheduled`)).status).toBe(200);
      expect((await observer.call('POST', `${LATEST}/packs`, { name: `by-${role}` })).status).toBe(403);
      expect((await observer.call('PATCH', `${LATEST}/packs/${pack.id}`, { description: 'no' })).status).toBe(403);
      expect((await observer.call('DELETE', `${LATEST}/packs/id/${pack.id}`)).status).toBe(403);
    }
    const technician = await as({ globalRole: 'technician' });
    expect((await technician.call('GET', `${LATEST}/packs`)).status).toBe(403);
    for (const role of ['admin', 'maintainer', 'observer'] as const) {
      const teamUser = await as({ teams: [{ teamId, role }] });
      expect((await teamUser.call('GET', `${LATEST}/packs`)).status).toBe(403);
      expect((await teamUser.call('GET', `${LATEST}/packs/${pack.id}`)).status).toBe(403);
      expect((await teamUser.call('POST', `${LATEST}/packs`, { name: `team-${role}-pack` })).status).toBe(403);
    }
    for (const role of ['maintainer', 'gitops'] as const) {
      const writer = await as({ globalRole: role });
      const made = await writer.ok<One>('POST', `${LATEST}/packs`, { name: `by-${role}` });
      expect((await writer.call('PATCH', `${LATEST}/packs/${made.pack.id}`, { description: 'ok' })).status).toBe(200);
      expect((await writer.call('DELETE', `${LATEST}/packs/id/${made.pack.id}`)).status).toBe(200);
    }
    expect((await api.ok<List>('GET', `${LATEST}/packs`)).packs.map((p) => p.name)).toEqual(['Guarded']);
  });
});
