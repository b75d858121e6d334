import { LABELS_CHANGED, type PayloadOf } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { LabelEntity, LabelMembershipEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { BUILTIN_LABELS } from './builtin-labels';

const V1 = '/api/v1/fleet';
const LATEST = '/api/latest/fleet';

interface SpecJson {
  id: number;
  name: string;
  description: string;
  query: string;
  platform: string;
  label_type: string;
  label_membership_type: string;
  hosts?: string[];
}
interface ErrorJson {
  message: string;
  errors: Array<{ name: string; reason: string }>;
}

describe('label specs (fleetctl get/apply labels)', () => {
  let gw: ApiGatewayHarness;
  let token: string;
  let sub: BusSubscription;
  const events: Array<PayloadOf<typeof LABELS_CHANGED>> = [];
  const hosts: Record<string, number> = {};

  const apply = async (specs: unknown[], as = token): Promise<{ status: number; body: ErrorJson | Record<string, never> }> => {
    const res = await gw.fetch(`${V1}/spec/labels`, { method: 'POST', token: as, body: JSON.stringify({ specs }) });
    return { status: res.status, body: (await res.json()) as ErrorJson };
  };
  const spec = async (name: string): Promise<SpecJson> => {
    const res = await gw.fetch(`${LATEST}/spec/labels/${encodeURIComponent(name)}`, { token });
    expect(res.status).toBe(200);
    return ((await res.json()) as { specs: SpecJson }).specs;
  };
  const allSpecs = async (): Promise<SpecJson[]> => ((await (await gw.fetch(`${V1}/spec/labels`, { token })).json()) as { specs: SpecJson[] }).specs;
  const settle = () => new Promise((r) => setTimeout(r, 50));

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    token = gw.bootstrapTokenFromFile();
    for (const [hostname, platform, teamId] of [['web-1', 'ubuntu', 1], ['web-2', 'ubuntu', 2], ['mac-1', 'darwin', null]] as const) {
      hosts[hostname] = (await gw.seedHost({ osqueryHostId: `oid-${hostname}`, hostname, platform, teamId })).id;
    }
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

  it('creates labels by name, then updates them, telling osquery-ingest only what was (re)defined', async () => {
    const first = await apply([
      { name: 'Web servers', description: 'nginx', query: 'SELECT 1 FROM processes WHERE name = "nginx";', platform: 'linux' },
      { name: 'Canary', label_membership_type: 'manual', hosts: ['web-1', 'mac-1'] },
    ]);
    expect(first).toEqual({ status: 200, body: {} });
    const web = await spec('Web servers');
    expect(web).toMatchObject({ description: 'nginx', platform: 'linux', label_type: 'regular', label_membership_type: 'dynamic' });
    expect(web.hosts).toBeUndefined();
    const canary = await spec('Canary');
    expect(canary).toMatchObject({ label_membership_type: 'manual', query: '', hosts: ['web-1', 'mac-1'] });
    await settle();
    expect(events).toEqual([{ changedIds: [web.id, canary.id], deletedIds: [] }]);

    // osquery-ingest found a member; a new description keeps it, a new query starts over.
    await gw.db.manager.insert(LabelMembershipEntity, { labelId: web.id, hostId: hosts['web-1'] });
    events.length = 0;
    expect((await apply([{ ...web, description: 'nginx and friends' }])).status).toBe(200);
    expect(await gw.db.manager.countBy(LabelMembershipEntity, { labelId: web.id })).toBe(1);
    expect((await apply([{ name: 'web SERVERS', description: 'any web server', query: 'SELECT 1 FROM listening_ports WHERE port = 443;', platform: 'linux' }])).status).toBe(200);
    expect(await spec('web SERVERS')).toMatchObject({ id: web.id, description: 'any web server', query: 'SELECT 1 FROM listening_ports WHERE port = 443;' });
    expect(await gw.db.manager.countBy(LabelMembershipEntity, { labelId: web.id })).toBe(0);
    await settle();
    expect(events).toEqual([{ changedIds: [web.id], deletedIds: [] }]);

    expect((await apply([{ name: 'Canary', label_membership_type: 'manual', hosts: ['web-2'] }])).status).toBe(200);
    expect((await spec('Canary')).hosts).toEqual(['web-2']);
  });

  it('round-trips what it prints, builtin labels included', async () => {
    const printed = await allSpecs();
    expect(printed.slice(0, BUILTIN_LABELS.length).map((s) => [s.name, s.label_type, s.label_membership_type])).toEqual(BUILTIN_LABELS.map((b) => [b.name, 'builtin', 'dynamic']));
    const before = await gw.db.manager.find(LabelEntity, { order: { id: 'ASC' } });
    expect(await apply(printed)).toEqual({ status: 200, body: {} });
    const after = await gw.db.manager.find(LabelEntity, { order: { id: 'ASC' } });
    expect(after.map((l) => [l.id, l.name, l.query, l.platform, l.membershipType])).toEqual(before.map((l) => [l.id, l.name, l.query, l.platform, l.membershipType]));
    await settle();
    expect(events).toEqual([]);
  });

  it.each([
    ['a changed builtin label', [{ name: 'macOS', query: 'SELECT 2;' }], 'base'],
    ['a builtin label given hosts', [{ name: 'All Hosts', label_membership_type: 'manual', hosts: [] }], 'base'],
    ['a new builtin label', [{ name: 'Mine', label_type: 'builtin', query: 'SELECT 1;' }], 'specs.0.label_type'],
    ['a name twice', [{ name: 'Dup', query: 'SELECT 1;' }, { name: 'DUP', query: 'SELECT 2;' }], 'specs.1.name'],
    ['a dynamic label with hosts', [{ name: 'Dyn', query: 'SELECT 1;', hosts: ['web-1'] }], 'specs.0.hosts'],
    ['a manual label without hosts', [{ name: 'Man', label_membership_type: 'manual' }], 'specs.0.hosts'],
    ['an unknown host', [{ name: 'Ok', query: 'SELECT 1;' }, { name: 'Man', label_membership_type: 'manual', hosts: ['web-1', 'ghost'] }], 'specs.1.hosts'],
    ['a bad query', [{ name: 'Ok', query: 'SELECT 1;' }, { name: 'Bad', query: 'DROP TABLE x' }], 'specs.1.query'],
    ['a bad platform', [{ name: 'Bad', query: 'SELECT 1;', platform: 'plan9' }], 'specs.0.platform'],
    ['no name', [{ query: 'SELECT 1;' }], 'specs.0.name'],
  ])('refuses %s with a 422 naming the field, applying no spec at all', async (_what, specs, field) => {
    const before = await gw.db.manager.count(LabelEntity);
    const res = await apply(specs);
    expect({ status: res.status, names: (res.body as ErrorJson).errors.map((e) => e.name) }).toEqual({ status: 422, names: [field] });
    expect(await gw.db.manager.count(LabelEntity)).toBe(before);
  });

  it('refuses unknown fields and a body without specs with a 400', async () => {
    expect((await apply([{ name: 'X', query: 'SELECT 1;', team: 'A' }])).body).toEqual({ message: 'Bad request', errors: [{ name: 'specs.0.team', reason: 'unknown field team' }] });
    const res = await gw.fetch(`${V1}/spec/labels`, { method: 'POST', token, body: JSON.stringify({ spec: [] }) });
    expect(res.status).toBe(400);
  });

  it('needs label.write to apply and label.read to print; team users see only their hosts', async () => {
    const observer = await gw.userWithToken({ globalRole: 'observer' });
    const gitops = await gw.userWithToken({ globalRole: 'gitops' });
    const team1 = await gw.userWithToken({ teams: [{ teamId: 1, role: 'observer' }] });
    expect((await apply([{ name: 'By observer', query: 'SELECT 1;' }], observer.token)).status).toBe(403);
    expect((await apply([{ name: 'By GitOps', label_membership_type: 'manual', hosts: ['web-1'] }], gitops.token)).status).toBe(200);
    const res = await gw.fetch(`${V1}/spec/labels/By%20GitOps`, { token: team1.token });
    expect(((await res.json()) as { specs: SpecJson }).specs.hosts).toEqual(['web-1']);
    const canary = await gw.fetch(`${V1}/spec/labels/Canary`, { token: team1.token });
    expect(((await canary.json()) as { specs: SpecJson }).specs.hosts).toEqual([]);
    expect((await gw.fetch(`${V1}/spec/labels/Nope`, { token: team1.token })).status).toBe(404);
  });

  it('records each apply as one activity', async () => {
    const { activities } = (await (await gw.fetch(`${V1}/activities?per_page=100`, { token })).json()) as { activities: Array<{ type: string; details: { labels?: Array<{ label_name: string }> } }> };
    const applied = activities.filter((a) => a.type === 'applied_spec_labels');
    expect(applied.length).toBeGreaterThanOrEqual(4);
    expect(applied.some((a) => a.details.labels?.map((l) => l.label_name).join() === 'Web servers,Canary')).toBe(true);
  });
});
