import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import type { FleetPack, FleetPackSpec, FleetScheduledQuery } from './pack-view.mapper';
import { clearPacks, insertLabel, insertTeam, LATEST, names, PacksApi, PacksEvents, V1 } from './testing/packs-api';

const S = `${LATEST}/spec/packs`;

describe('pack specs (fleetctl apply / get packs)', () => {
  let gw: ApiGatewayHarness;
  let api: PacksApi;
  let events: PacksEvents;

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

  const packs = async (): Promise<FleetPack[]> => (await api.ok<{ packs: FleetPack[] }>('GET', `${LATEST}/packs`)).packs;
  const scheduled = async (packId: number): Promise<FleetScheduledQuery[]> => (await api.ok<{ scheduled: FleetScheduledQuery[] }>('GET', `${LATEST}/packs/${packId}/scheduled`)).scheduled;

  it('creates packs with their label and team targets and scheduled queries, and prints them back as specs', async () => {
    const labelId = await insertLabel(gw, 'Servers');
    const teamId = await insertTeam(gw, 'Workstations');
    const info = await api.createQuery({ name: 'osquery_info', query: 'SELECT * FROM osquery_info;' });
    const users = await api.createQuery({ name: 'users' });
    const spec = {
      name: 'Baseline',
      description: 'the basics',
      platform: 'linux,darwin',
      disabled: false,
      targets: { labels: ['servers'], teams: ['Workstations'] },
      queries: [
        { query: 'osquery_info', name: 'info', description: 'who runs', interval: 3600, snapshot: true, removed: false, shard: 50, platform: 'linux', version: '5.10.0' },
        { query: 'Users', interval: 60 },
      ],
    };
    expect(await api.ok('POST', S, { specs: [spec, { name: 'Empty' }] })).toEqual({});
    const [baseline, empty] = await packs();
    expect(baseline).toMatchObject({ name: 'Baseline', description: 'the basics', platform: 'linux,darwin', disabled: false, label_ids: [labelId], team_ids: [teamId], host_ids: [], query_count: 2 });
    expect(empty).toMatchObject({ name: 'Empty', description: '', platform: '', label_ids: [], team_ids: [], query_count: 0 });
    expect((await scheduled(baseline?.id ?? 0)).map((s) => [s.name, s.query_id, s.interval, s.snapshot, s.removed, s.shard, s.platform, s.version])).toEqual([
      ['info', info.id, 3600, true, false, 50, 'linux', '5.10.0'],
      ['users', users.id, 60, null, null, null, null, null],
    ]);

    const expected: FleetPackSpec = {
      id: baseline?.id ?? 0,
      name: 'Baseline',
      description: 'the basics',
      platform: 'linux,darwin',
      disabled: false,
      targets: { labels: ['Servers'], teams: ['Workstations'] },
      queries: [
        { query: 'osquery_info', name: 'info', description: 'who runs', interval: 3600, snapshot: true, removed: false, shard: 50, platform: 'linux', version: '5.10.0' },
        { query: 'users', name: 'users', description: '', interval: 60 },
      ],
    };
    expect(await api.ok('GET', `${V1}/spec/packs/baseline`)).toEqual({ specs: expected });
    const all = await api.ok<{ specs: FleetPackSpec[] }>('GET', S);
    expect(all.specs.map((s) => s.name)).toEqual(['Baseline', 'Empty']);
    expect(all.specs[0]).toEqual(expected);
    // What GET prints, apply takes back unchanged.
    expect(await api.ok('POST', S, { specs: all.specs })).toEqual({});
    expect(await api.ok('GET', `${S}/Baseline`)).toEqual({ specs: expected });
    expect((await api.call('GET', `${S}/nope`)).status).toBe(404);

    const ids = [baseline?.id, empty?.id];
    expect(await events.settle(2)).toEqual([
      { changedIds: ids, deletedIds: [] },
      { changedIds: ids, deletedIds: [] },
    ]);
    expect((await api.activities('applied_spec_pack')).at(-1)).toEqual({ packs: [{ pack_id: ids[0], pack_name: 'Baseline' }, { pack_id: ids[1], pack_name: 'Empty' }] });
  });

  it('replaces an existing pack’s fields, targets (host targets too) and queries, keeping the ids of queries it still schedules', async () => {
    const [l1, l2] = [await insertLabel(gw, 'L1'), await insertLabel(gw, 'L2')];
    const host = (await gw.seedHost({ osqueryHostId: 'spec-host' })).id;
    const [q1, q2, q3] = [await api.createQuery({ name: 'q1' }), await api.createQuery({ name: 'q2' }), await api.createQuery({ name: 'q3' })];
    const pack = await api.createPack({ name: 'Ops', description: 'old', disabled: true, host_ids: [host], label_ids: [l1] });
    const kept = await api.schedule({ pack_id: pack.id, query_id: q1.id, interval: 60, shard: 5 });
    const dropped = await api.schedule({ pack_id: pack.id, query_id: q2.id, interval: 60 });
    events.reset();
    await api.ok('POST', S, { specs: [{ name: 'OPS', targets: { labels: ['L2'] }, queries: [{ query: 'q3', name: 'Q1', interval: 10 }, { query: 'q2', name: 'fresh', interval: 20 }] }] });
    const [after] = await packs();
    expect(after).toMatchObject({ id: pack.id, name: 'OPS', description: '', disabled: false, host_ids: [], label_ids: [l2], team_ids: [] });
    const rows = await scheduled(pack.id);
    expect(rows.map((s) => ({ id: s.id, name: s.name, query_id: s.query_id, interval: s.interval, shard: s.shard }))).toEqual([
      { id: kept.id, name: 'Q1', query_id: q3.id, interval: 10, shard: null },
      { id: expect.any(Number), name: 'fresh', query_id: q2.id, interval: 20, shard: null },
    ]);
    expect(rows[1]?.id).not.toBe(dropped.id);
    expect(await events.settle(1)).toEqual([{ changedIds: [pack.id], deletedIds: [] }]);
    expect(l1).toBeLessThan(l2);
  });

  it('changes nothing when any spec names an unknown label, team or saved query: 400 naming every one', async () => {
    await insertLabel(gw, 'Known');
    await api.createQuery({ name: 'known query' });
    const existing = await api.createPack({ name: 'Existing', description: 'before' });
    const applied = (await api.activities('applied_spec_pack')).length;
    const res = await api.call('POST', S, {
      specs: [
        { name: 'Existing', description: 'after', targets: { labels: ['Known'] }, queries: [{ query: 'known query', interval: 60 }] },
        { name: 'New', targets: { labels: ['Known', 'Ghost label'], teams: ['Ghost team'] }, queries: [{ query: 'known query', interval: 60 }, { query: 'ghost query', interval: 60 }] },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { name: 'specs.1.queries.1.query', reason: 'no global saved query "ghost query"' },
      { name: 'specs.1.targets.labels', reason: 'no label "Ghost label"' },
      { name: 'specs.1.targets.teams', reason: 'no team "Ghost team"' },
    ]);
    expect((await packs()).map((p) => [p.name, p.description, p.label_ids, p.query_count])).toEqual([['Existing', 'before', [], 0]]);
    expect(await events.settle(0)).toEqual([{ changedIds: [existing.id], deletedIds: [] }]);
    expect(await api.activities('applied_spec_pack')).toHaveLength(applied);
  });

  it.each([
    ['a spec without a name', { specs: [{ description: 'x' }] }, 422, ['specs.0.name']],
    ['the same pack twice (letter case ignored)', { specs: [{ name: 'a' }, { name: 'A' }] }, 422, ['specs.1.name']],
    ['a query interval out of range', { specs: [{ name: 'a', queries: [{ query: 'q', interval: 0 }] }] }, 422, ['specs.0.queries.0.interval']],
    ['the same scheduled name twice in a pack', { specs: [{ name: 'a', queries: [{ query: 'q', interval: 1 }, { query: 'Q', interval: 2 }] }] }, 422, ['specs.0.queries.1.name']],
    ['an unknown platform', { specs: [{ name: 'a', platform: 'plan9' }] }, 422, ['specs.0.platform']],
    ['an unknown field', { specs: [{ name: 'a', hosts: ['h'] }] }, 400, ['specs.0.hosts']],
    ['an unknown query field', { specs: [{ name: 'a', queries: [{ query: 'q', interval: 1, logging: 'snapshot' }] }] }, 400, ['specs.0.queries.0.logging']],
    ['no specs', {}, 400, ['specs']],
  ])('refuses %s, writing nothing', async (_what, body, status, fields) => {
    await api.createQuery({ name: 'q' });
    const res = await api.call('POST', S, body);
    expect({ status: res.status, names: names(res.body) }).toEqual({ status, names: fields });
    expect(await packs()).toEqual([]);
  });

  it('lets global observers read specs and GitOps apply them; observers and team users cannot apply', async () => {
    const teamId = await insertTeam(gw, 'T');
    await api.createPack({ name: 'Seen' });
    const as = async (roles: Parameters<ApiGatewayHarness['userWithToken']>[0]) => api.as((await gw.userWithToken(roles)).token);
    const observer = await as({ globalRole: 'observer_plus' });
    expect((await observer.call('GET', S)).status).toBe(200);
    expect((await observer.call('GET', `${S}/Seen`)).status).toBe(200);
    expect((await observer.call('POST', S, { specs: [{ name: 'nope' }] })).status).toBe(403);
    const teamMaintainer = await as({ teams: [{ teamId, role: 'maintainer' }] });
    expect((await teamMaintainer.call('GET', S)).status).toBe(403);
    expect((await teamMaintainer.call('POST', S, { specs: [{ name: 'nope' }] })).status).toBe(403);
    const gitops = await as({ globalRole: 'gitops' });
    expect((await gitops.call('POST', S, { specs: [{ name: 'from git' }] })).status).toBe(200);
    expect((await packs()).map((p) => p.name)).toEqual(['Seen', 'from git']);
  });
});
