import { LABELS_CHANGED, type PayloadOf } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { LabelEntity, LabelMembershipEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import { insertTeam } from '../testing/identity-fixtures';
import { BUILTIN_LABELS } from './builtin-labels';

const V1 = '/api/v1/fleet';
const LATEST = '/api/latest/fleet';

interface LabelJson {
  id: number;
  name: string;
  description: string;
  query: string;
  platform: string;
  label_type: string;
  label_membership_type: string;
  author_id: number | null;
  host_count?: number;
  count: number;
  host_ids?: number[];
}
interface ErrorJson {
  message: string;
  errors: Array<{ name: string; reason: string }>;
}

describe('labels API', () => {
  let gw: ApiGatewayHarness;
  let admin: string;
  let sub: BusSubscription;
  const events: Array<PayloadOf<typeof LABELS_CHANGED>> = [];
  const fleet = new FleetOpenApiValidator();
  const hosts: Record<string, number> = {};
  let teamA = 0;

  const send = async <T>(method: string, path: string, body?: unknown, token = admin): Promise<{ status: number; body: T }> => {
    const res = await gw.fetch(path, { method, token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  const ok = async <T>(method: string, path: string, body?: unknown, token = admin): Promise<T> => {
    const res = await send<T>(method, path, body, token);
    expect({ method, path, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ method, path, status: 200, body: undefined });
    return res.body;
  };
  const create = async (body: Record<string, unknown>, token = admin): Promise<LabelJson> => (await ok<{ label: LabelJson }>('POST', `${LATEST}/labels`, body, token)).label;
  const labelCount = () => gw.db.manager.count(LabelEntity);
  const nextEvent = async (): Promise<PayloadOf<typeof LABELS_CHANGED>> => {
    for (let i = 0; i < 50 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const event = events.shift();
    if (!event) throw new Error('no LABELS_CHANGED published');
    return event;
  };

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    admin = gw.bootstrapTokenFromFile();
    teamA = await insertTeam(gw, 'Team A');
    const teamB = await insertTeam(gw, 'Team B');
    const seeds: Array<[string, string, number | null]> = [
      ['mac', 'darwin', null],
      ['win', 'windows', teamA],
      ['ubu', 'ubuntu', teamA],
      ['rh', 'rhel', teamB],
    ];
    for (const [hostname, platform, teamId] of seeds) hosts[hostname] = (await gw.seedHost({ osqueryHostId: `oid-${hostname}`, hostname, platform, teamId, uuid: `UUID-${hostname}` })).id;
    sub = await gw.bus.subscribe(LABELS_CHANGED, (payload) => {
      events.push(payload);
    });
  });

  afterAll(async () => {
    await sub?.unsubscribe();
    await gw?.close();
  });

  beforeEach(() => {
    events.length = 0;
  });

  it('lists the builtin labels with host counts, in Fleet’s shapes, on both prefixes', async () => {
    for (const prefix of [V1, LATEST]) {
      const body = await ok<{ labels: LabelJson[] }>('GET', `${prefix}/labels`);
      expect(fleet.problemsOfGet('/api/v1/fleet/labels', body)).toEqual([]);
      expect(body.labels.map((l) => l.name)).toEqual(BUILTIN_LABELS.map((b) => b.name));
      const counts = Object.fromEntries(body.labels.map((l) => [l.name, l.host_count]));
      expect(counts).toMatchObject({ 'All Hosts': 4, macOS: 1, 'MS Windows': 1, 'Ubuntu Linux': 1, 'Red Hat Linux': 1, 'All Linux': 2, iOS: 0 });
      expect(body.labels[0]).toMatchObject({ label_type: 'builtin', label_membership_type: 'dynamic', query: 'SELECT 1;', platform: '', count: 4, display_text: 'All Hosts', author_id: null });
    }
    const summary = await ok<{ labels: unknown[] }>('GET', `${V1}/labels/summary`);
    expect(fleet.problemsOfGet('/api/v1/fleet/labels/summary', summary)).toEqual([]);
    expect(summary.labels[1]).toEqual({ id: expect.any(Number), name: 'macOS', description: 'All macOS hosts', label_type: 'builtin', team_id: null, fleet_id: null });
    const one = await ok<{ label: LabelJson }>('GET', `${V1}/labels/${(summary.labels[1] as { id: number }).id}`);
    expect(fleet.problemsOfGet('/api/v1/fleet/labels/{id}', one)).toEqual([]);
    expect(one.label).toMatchObject({ name: 'macOS', host_count: 1, query: "SELECT 1 FROM os_version WHERE platform = 'darwin';" });
  });

  it('pages, orders and leaves counts out when asked', async () => {
    const page = await ok<{ labels: LabelJson[] }>('GET', `${LATEST}/labels?order_key=name&order_direction=desc&page=1&per_page=3`);
    const byName = BUILTIN_LABELS.map((b) => b.name).sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase()));
    expect(page.labels.map((l) => l.name)).toEqual(byName.slice(3, 6));
    const uncounted = await ok<{ labels: LabelJson[] }>('GET', `${LATEST}/labels?include_host_counts=false`);
    expect(uncounted.labels.every((l) => l.host_count === undefined && l.count === 0)).toBe(true);
    for (const qs of ['order_key=query', 'page=-1', 'include_host_counts=maybe']) expect((await send('GET', `${LATEST}/labels?${qs}`)).status).toBe(400);
  });

  it('creates a dynamic label, renames it, keeps its query, deletes it by name, telling osquery-ingest each time', async () => {
    const label = await create({ name: 'Servers', description: 'racks', query: 'SELECT 1 FROM os_version;', platform: 'darwin' });
    expect(label).toMatchObject({ name: 'Servers', description: 'racks', platform: 'darwin', label_type: 'regular', label_membership_type: 'dynamic', host_count: 0, author_id: null });
    expect(label.host_ids).toBeUndefined();
    expect(await nextEvent()).toEqual({ changedIds: [label.id], deletedIds: [] });
    await gw.db.manager.insert(LabelMembershipEntity, { labelId: label.id, hostId: hosts['mac'] });
    expect((await ok<{ label: LabelJson }>('GET', `${V1}/labels/${label.id}`)).label.host_count).toBe(1);

    const renamed = await ok<{ label: LabelJson }>('PATCH', `${V1}/labels/${label.id}`, { name: 'Mac servers', description: 'all of them', query: label.query, platform: 'darwin' });
    expect(renamed.label).toMatchObject({ name: 'Mac servers', description: 'all of them', query: label.query, host_count: 1 });
    for (const [body, field] of [
      [{ query: 'SELECT 2;' }, 'query'],
      [{ platform: 'windows' }, 'platform'],
      [{ label_membership_type: 'manual' }, 'label_membership_type'],
      [{ host_ids: [hosts['mac']] }, 'host_ids'],
    ] as const) {
      const res = await send<ErrorJson>('PATCH', `${V1}/labels/${label.id}`, body);
      expect({ status: res.status, name: res.body.errors?.[0]?.name }).toEqual({ status: 422, name: field });
    }
    expect(events).toEqual([]);

    expect((await send('DELETE', `${LATEST}/labels/${encodeURIComponent('Mac servers')}`)).status).toBe(200);
    expect(await nextEvent()).toEqual({ changedIds: [], deletedIds: [label.id] });
    expect(await gw.db.manager.countBy(LabelMembershipEntity, { labelId: label.id })).toBe(0);
    expect((await send<ErrorJson>('GET', `${V1}/labels/${label.id}`)).status).toBe(404);
    expect((await send('DELETE', `${LATEST}/labels/Mac%20servers`)).status).toBe(404);
  });

  it('creates manual labels from host ids and identifiers, and replaces their hosts', async () => {
    const byIds = await create({ name: 'Pilot', host_ids: [hosts['win'], hosts['mac']] });
    expect(byIds).toMatchObject({ label_membership_type: 'manual', query: '', host_ids: [hosts['mac'], hosts['win']], host_count: 2 });
    expect(await nextEvent()).toEqual({ changedIds: [byIds.id], deletedIds: [] });
    const byNames = await create({ name: 'Pilot 2', label_membership_type: 'manual', hosts: ['ubu', 'UUID-rh'] });
    expect(byNames.host_ids).toEqual([hosts['ubu'], hosts['rh']]);
    const empty = await create({ name: 'Nobody yet', host_ids: [] });
    expect(empty).toMatchObject({ label_membership_type: 'manual', host_ids: [], host_count: 0 });

    const replaced = await ok<{ label: LabelJson }>('PATCH', `${LATEST}/labels/${byIds.id}`, { host_ids: [hosts['rh']], hosts: ['mac'] });
    expect(replaced.label.host_ids).toEqual([hosts['mac'], hosts['rh']]);
    const unknown = await send<ErrorJson>('PATCH', `${LATEST}/labels/${byIds.id}`, { host_ids: [hosts['win'], 987654] });
    expect(unknown).toEqual({ status: 422, body: { message: 'Validation Failed', errors: [{ name: 'host_ids', reason: 'no host 987654' }] } });
    expect((await ok<{ label: LabelJson }>('GET', `${V1}/labels/${byIds.id}`)).label.host_ids).toEqual([hosts['mac'], hosts['rh']]);

    const before = await labelCount();
    const missing = await send<ErrorJson>('POST', `${LATEST}/labels`, { name: 'Ghosts', hosts: ['mac', 'no-such-host'] });
    expect(missing.body.errors).toEqual([{ name: 'hosts', reason: 'no host "no-such-host"' }]);
    expect(await labelCount()).toBe(before);

    expect((await send('DELETE', `${V1}/labels/id/${byIds.id}`)).status).toBe(200);
    expect(await gw.db.manager.countBy(LabelMembershipEntity, { labelId: byIds.id })).toBe(0);
    expect((await send('DELETE', `${V1}/labels/id/${byIds.id}`)).status).toBe(404);
  });

  it('never modifies or deletes a builtin label', async () => {
    const allHosts = await gw.db.manager.findOneByOrFail(LabelEntity, { name: 'All Hosts' });
    for (const [method, path, body] of [
      ['PATCH', `${V1}/labels/${allHosts.id}`, { description: 'mine now' }],
      ['DELETE', `${V1}/labels/All%20Hosts`, undefined],
      ['DELETE', `${V1}/labels/id/${allHosts.id}`, undefined],
    ] as const) {
      const res = await send<ErrorJson>(method, path, body);
      expect({ status: res.status, reason: res.body.errors[0]?.reason }).toEqual({ status: 422, reason: expect.stringContaining('built-in') });
    }
    expect(await gw.db.manager.findOneByOrFail(LabelEntity, { id: allHosts.id })).toMatchObject({ description: allHosts.description });
  });

  it.each([
    ['no name', 422, 'name', { query: 'SELECT 1;' }],
    ['a blank name', 422, 'name', { name: '   ', query: 'SELECT 1;' }],
    ['a 256-character name', 422, 'name', { name: 'x'.repeat(256), query: 'SELECT 1;' }],
    ["a builtin's name in other letter case", 409, 'name', { name: 'all hosts', query: 'SELECT 1;' }],
    ['a dynamic label without query', 422, 'query', { name: 'No query' }],
    ['a blank query', 422, 'query', { name: 'Blank', query: '  ' }],
    ['a query that is not a SELECT', 422, 'query', { name: 'Evil', query: 'DELETE FROM users' }],
    ['a query over 64 KiB', 422, 'query', { name: 'Huge', query: `SELECT '${'x'.repeat(70_000)}'` }],
    ['an unknown platform', 422, 'platform', { name: 'Beos', query: 'SELECT 1;', platform: 'beos' }],
    ['a query and hosts', 422, 'host_ids', { name: 'Both', query: 'SELECT 1;', host_ids: [1] }],
    ['a manual label with a query', 422, 'query', { name: 'Manual with query', label_membership_type: 'manual', query: 'SELECT 1;' }],
    ['a long description', 422, 'description', { name: 'Long description', query: 'SELECT 1;', description: 'd'.repeat(1024) }],
    ['an unknown field', 400, 'colour', { name: 'Colour', query: 'SELECT 1;', colour: 'red' }],
    ['a numeric name', 400, 'name', { name: 5, query: 'SELECT 1;' }],
    ['host ids that are not numbers', 400, 'host_ids.0', { name: 'Bad ids', host_ids: ['one'] }],
    ['an unknown membership type', 400, 'label_membership_type', { name: 'Bad type', query: 'SELECT 1;', label_membership_type: 'host_vitals' }],
  ] as Array<[string, number, string, Record<string, unknown>]>)('refuses %s: %i naming %s, writing nothing', async (_what, status, name, body) => {
    const before = await labelCount();
    const res = await send<ErrorJson>('POST', `${V1}/labels`, body);
    expect({ status: res.status, names: res.body.errors.map((e) => e.name) }).toEqual({ status, names: [name] });
    expect(await labelCount()).toBe(before);
    expect(events).toEqual([]);
  });

  it('accepts queries behind comments and names that differ by more than letter case', async () => {
    const label = await create({ name: 'Commented', query: '-- who runs it\n/* all */ select 1 from users;' });
    expect(label.label_membership_type).toBe('dynamic');
    expect((await send<ErrorJson>('PATCH', `${V1}/labels/${label.id}`, { name: 'ALL HOSTS' })).status).toBe(409);
    expect((await send<ErrorJson>('PATCH', `${V1}/labels/abc`, { name: 'x' })).status).toBe(400);
    expect((await send<ErrorJson>('PATCH', `${V1}/labels/999999`, { name: 'x' })).status).toBe(404);
  });

  it('lets only global maintainers, admins and GitOps write; everyone reads, counting only the hosts they may see', async () => {
    const observer = await gw.userWithToken({ globalRole: 'observer' });
    const maintainer = await gw.userWithToken({ globalRole: 'maintainer' });
    const gitops = await gw.userWithToken({ globalRole: 'gitops' });
    const teamMaintainer = await gw.userWithToken({ teams: [{ teamId: teamA, role: 'maintainer' }] });
    const teamObserver = await gw.userWithToken({ teams: [{ teamId: teamA, role: 'observer' }] });
    const body = (name: string) => ({ name, host_ids: [hosts['mac'], hosts['win'], hosts['rh']] });
    expect((await send('POST', `${V1}/labels`, body('by observer'), observer.token)).status).toBe(403);
    expect((await send('POST', `${V1}/labels`, body('by team maintainer'), teamMaintainer.token)).status).toBe(403);
    const byMaintainer = await create(body('by maintainer'), maintainer.token);
    expect(byMaintainer.author_id).toBe(maintainer.userId);
    expect((await send('PATCH', `${V1}/labels/${byMaintainer.id}`, { name: 'nope' }, teamMaintainer.token)).status).toBe(403);
    expect((await send('DELETE', `${V1}/labels/id/${byMaintainer.id}`, undefined, observer.token)).status).toBe(403);
    await create({ name: 'by gitops', query: 'SELECT 1;' }, gitops.token);

    const seen = await ok<{ label: LabelJson }>('GET', `${V1}/labels/${byMaintainer.id}`, undefined, teamObserver.token);
    expect(seen.label).toMatchObject({ host_ids: [hosts['win']], host_count: 1 });
    const list = await ok<{ labels: LabelJson[] }>('GET', `${V1}/labels`, undefined, teamObserver.token);
    expect(Object.fromEntries(list.labels.map((l) => [l.name, l.host_count]))).toMatchObject({ 'All Hosts': 2, macOS: 0, 'All Linux': 1, 'by maintainer': 1, 'by gitops': 0 });
    const inLabel = await ok<{ hosts: Array<{ id: number }> }>('GET', `${V1}/labels/${byMaintainer.id}/hosts`, undefined, teamObserver.token);
    expect(inLabel.hosts.map((h) => h.id)).toEqual([hosts['win']]);
    // GitOps may read labels but not hosts: it sees no host in them.
    expect((await ok<{ hosts: unknown[] }>('GET', `${V1}/labels/${byMaintainer.id}/hosts`, undefined, gitops.token)).hosts).toEqual([]);
    expect((await ok<{ label: LabelJson }>('GET', `${V1}/labels/${byMaintainer.id}`, undefined, gitops.token)).label.host_count).toBe(0);
  });

  it('records who created, edited and deleted which label', async () => {
    const label = await create({ name: 'Audited', query: 'SELECT 1;' });
    await ok('PATCH', `${V1}/labels/${label.id}`, { name: 'Audited twice' });
    await ok('DELETE', `${V1}/labels/id/${label.id}`);
    const { activities } = await ok<{ activities: Array<{ type: string; details: Record<string, unknown> }> }>('GET', `${V1}/activities?per_page=100&order_key=id&order_direction=desc`);
    const mine = activities.filter((a) => a.details['label_id'] === label.id).map((a) => [a.type, a.details['label_name']]);
    expect(mine.sort()).toEqual([
      ['created_label', 'Audited'],
      ['deleted_label', 'Audited twice'],
      ['edited_label', 'Audited twice'],
    ]);
  });
});
