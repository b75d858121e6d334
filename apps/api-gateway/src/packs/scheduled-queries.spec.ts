import { HOST_CHANGED, HOSTS_DELETE } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { HostEntity, QueryEntity } from '@flotilla/platform-db';
import { In } from 'typeorm';
import { OsqueryIngestStandIn } from '../teams/testing/osquery-ingest.stand-in';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import type { FleetPack, FleetScheduledQuery } from './pack-view.mapper';
import { clearPacks, insertLabel, insertTeam, LATEST, names, PacksApi, PacksEvents, V1 } from './testing/packs-api';

type One = { scheduled: FleetScheduledQuery };
type List = { scheduled: FleetScheduledQuery[] };

describe('packs API: scheduled queries, and what packs forget when their references go', () => {
  let gw: ApiGatewayHarness;
  let api: PacksApi;
  let events: PacksEvents;
  let osqueryIngest: OsqueryIngestStandIn;
  let hostsDelete: BusSubscription;
  let seq = 0;

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    api = new PacksApi(gw, gw.bootstrapTokenFromFile());
    events = await PacksEvents.start(gw);
    osqueryIngest = await OsqueryIngestStandIn.start(gw);
    // osquery-ingest's side of a host delete: rows gone, then HOST_CHANGED for every replica (and api-gateway's packs).
    hostsDelete = await gw.bus.handle(HOSTS_DELETE, async ({ hostIds }) => {
      const found = (await gw.db.manager.find(HostEntity, { select: { id: true }, where: { id: In(hostIds) } })).map((h) => h.id);
      if (found.length > 0) await gw.db.manager.delete(HostEntity, { id: In(found) });
      if (found.length > 0) await gw.bus.publish(HOST_CHANGED, { hostIds: found, change: 'deleted' });
      return { deleted: found.length };
    });
  });

  beforeEach(async () => {
    await clearPacks(gw);
    await gw.clearHosts();
    events.reset();
  });

  afterAll(async () => {
    await hostsDelete?.unsubscribe();
    await osqueryIngest?.stop();
    await events?.stop();
    await gw?.close();
  });

  it.each([
    ['/packs/schedule', `${LATEST}/packs/schedule`, `${LATEST}/schedule`],
    ['v1 /schedule', `${V1}/schedule`, `${V1}/schedule`],
  ])('schedules, reads, modifies and removes a pack’s queries at %s, in Fleet’s shape', async (_label, writeBase, getBase) => {
    const pack = await api.createPack({ name: 'Monitoring' });
    const q = await api.createQuery({ name: 'osquery_info', query: 'SELECT * FROM osquery_info;' });
    const created = await api.ok<One>('POST', writeBase, {
      pack_id: pack.id,
      query_id: q.id,
      interval: 120,
      snapshot: false,
      removed: true,
      platform: 'windows',
      version: '5.4.0',
      shard: 10,
    });
    expect(created.scheduled).toEqual({
      created_at: expect.any(String),
      updated_at: expect.any(String),
      id: expect.any(Number),
      pack_id: pack.id,
      name: 'osquery_info',
      query_id: q.id,
      query_name: 'osquery_info',
      query: 'SELECT * FROM osquery_info;',
      description: '',
      interval: 120,
      snapshot: false,
      removed: true,
      platform: 'windows',
      version: '5.4.0',
      shard: 10,
      denylist: null,
    });
    const id = created.scheduled.id;
    expect(await api.ok<One>('GET', `${getBase}/${id}`)).toEqual(created);
    expect(await api.ok<List>('GET', `${LATEST}/packs/${pack.id}/scheduled`)).toEqual({ scheduled: [created.scheduled] });
    expect((await api.ok<{ pack: FleetPack }>('GET', `${LATEST}/packs/${pack.id}`)).pack).toMatchObject({ query_count: 1, total_scheduled_queries_count: 1 });

    const edited = await api.ok<One>('PATCH', `${writeBase}/${id}`, { platform: '', shard: null, interval: 3600, name: 'info', denylist: false });
    expect(edited.scheduled).toMatchObject({ id, name: 'info', query_name: 'osquery_info', interval: 3600, platform: '', shard: null, snapshot: false, removed: true, version: '5.4.0', denylist: false });
    expect(await api.ok('DELETE', `${writeBase}/${id}`)).toEqual({});
    expect((await api.call('GET', `${getBase}/${id}`)).status).toBe(404);
    expect((await api.call('DELETE', `${writeBase}/${id}`)).status).toBe(404);
    expect((await api.call('PATCH', `${writeBase}/${id}`, { interval: 60 })).status).toBe(404);
    expect(await api.ok<List>('GET', `${LATEST}/packs/${pack.id}/scheduled`)).toEqual({ scheduled: [] });

    expect(await events.settle(4)).toEqual([
      { changedIds: [pack.id], deletedIds: [] },
      { changedIds: [pack.id], deletedIds: [] },
      { changedIds: [pack.id], deletedIds: [] },
      { changedIds: [pack.id], deletedIds: [] },
    ]);
    expect((await api.activities('edited_pack')).slice(-3)).toEqual(Array(3).fill({ pack_id: pack.id, pack_name: 'Monitoring' }));
  });

  it('leaves options unset (null) unless given, names the query after the saved one, and keeps names unique per pack (409)', async () => {
    const [a, b] = [await api.createPack({ name: 'A' }), await api.createPack({ name: 'B' })];
    const q = await api.createQuery({ name: 'Uptime' });
    const first = await api.schedule({ pack_id: a.id, query_id: q.id });
    expect(first).toMatchObject({ name: 'Uptime', interval: 60, snapshot: null, removed: null, platform: null, version: null, shard: null, denylist: null });
    const dup = await api.call('POST', `${LATEST}/packs/schedule`, { pack_id: a.id, query_id: q.id, interval: 60 });
    expect({ status: dup.status, names: names(dup.body) }).toEqual({ status: 409, names: ['name'] });
    const again = await api.schedule({ pack_id: a.id, query_id: q.id, name: 'uptime, hourly', interval: 3600 });
    expect(again).toMatchObject({ name: 'uptime, hourly', query_name: 'Uptime' });
    expect((await api.call('PATCH', `${LATEST}/packs/schedule/${again.id}`, { name: 'UPTIME' })).status).toBe(409);
    // Another pack may use the same name; moving there is refused while it does.
    const inB = await api.schedule({ pack_id: b.id, query_id: q.id });
    expect((await api.call('PATCH', `${LATEST}/packs/schedule/${first.id}`, { pack_id: b.id })).status).toBe(409);
    await api.ok('DELETE', `${LATEST}/packs/schedule/${inB.id}`);
    events.reset();
    const moved = await api.ok<One>('PATCH', `${LATEST}/packs/schedule/${first.id}`, { pack_id: b.id });
    expect(moved.scheduled).toMatchObject({ id: first.id, pack_id: b.id, name: 'Uptime' });
    expect(await events.settle(1)).toEqual([{ changedIds: [a.id, b.id], deletedIds: [] }]);
  });

  it.each([
    ['no interval', { interval: undefined }, ['interval']],
    ['an interval of 0', { interval: 0 }, ['interval']],
    ['an interval over a week', { interval: 604_801 }, ['interval']],
    ['a shard over 100', { shard: 101 }, ['shard']],
    ['a negative shard', { shard: -1 }, ['shard']],
    ['an unknown platform', { platform: 'darwin,freebsd' }, ['platform']],
    ['a bad version', { version: '5.x' }, ['version']],
    ['several problems at once', { interval: 0, shard: 200, version: 'latest' }, ['interval', 'shard', 'version']],
  ])('refuses %s with 422 naming the fields', async (_what, options, fields) => {
    const pack = await api.createPack({ name: 'P' });
    const q = await api.createQuery({ name: 'q' });
    const res = await api.call('POST', `${LATEST}/packs/schedule`, { pack_id: pack.id, query_id: q.id, interval: 60, ...options });
    expect({ status: res.status, names: names(res.body) }).toEqual({ status: 422, names: fields });
    expect(await api.ok<List>('GET', `${LATEST}/packs/${pack.id}/scheduled`)).toEqual({ scheduled: [] });
  });

  it('accepts the limits: a week, shard 0 and 100, platform lists', async () => {
    const pack = await api.createPack({ name: 'P' });
    const q = await api.createQuery({ name: 'q' });
    const s = await api.schedule({ pack_id: pack.id, query_id: q.id, interval: 604_800, shard: 0, platform: ' linux,darwin ,linux', version: '' });
    expect(s).toMatchObject({ interval: 604_800, shard: 0, platform: 'linux,darwin', version: '' });
    expect((await api.ok<One>('PATCH', `${LATEST}/packs/schedule/${s.id}`, { interval: 1, shard: 100 })).scheduled).toMatchObject({ interval: 1, shard: 100 });
  });

  it('refuses unknown packs and saved queries, team and hidden queries (400), and unknown fields', async () => {
    const pack = await api.createPack({ name: 'P' });
    const teamId = await insertTeam(gw, 'T');
    const teamQuery = (await api.ok<{ query: { id: number } }>('POST', `${LATEST}/queries`, { name: 'team q', query: 'SELECT 1;', team_id: teamId })).query;
    const hidden = (await gw.db.manager.insert(QueryEntity, { name: 'distributed_x', query: 'SELECT 1', description: '', teamId: null, teamKey: 0, saved: false, authorId: null })).identifiers[0]?.['id'] as number;
    const refused = async (body: Record<string, unknown>) => {
      const res = await api.call('POST', `${LATEST}/packs/schedule`, { interval: 60, ...body });
      return { status: res.status, names: names(res.body) };
    };
    expect(await refused({ pack_id: 9_999, query_id: 9_998 })).toEqual({ status: 400, names: ['pack_id', 'query_id'] });
    expect(await refused({ pack_id: pack.id, query_id: teamQuery.id })).toEqual({ status: 400, names: ['query_id'] });
    expect(await refused({ pack_id: pack.id, query_id: hidden })).toEqual({ status: 400, names: ['query_id'] });
    expect(await refused({ pack_id: pack.id, query_id: teamQuery.id, logging: 'snapshot' })).toEqual({ status: 400, names: ['logging'] });
    expect(await refused({ query_id: teamQuery.id })).toEqual({ status: 400, names: ['pack_id'] });
    expect(await api.ok<List>('GET', `${LATEST}/packs/${pack.id}/scheduled`)).toEqual({ scheduled: [] });
  });

  it('lets global observers read scheduled queries but not change them; team users get nothing', async () => {
    const teamId = await insertTeam(gw, 'T');
    const pack = await api.createPack({ name: 'P' });
    const q = await api.createQuery({ name: 'q' });
    const s = await api.schedule({ pack_id: pack.id, query_id: q.id });
    const observer = api.as((await gw.userWithToken({ globalRole: 'observer' })).token);
    expect((await observer.call('GET', `${LATEST}/schedule/${s.id}`)).status).toBe(200);
    expect((await observer.call('POST', `${LATEST}/packs/schedule`, { pack_id: pack.id, query_id: q.id, interval: 60, name: 'x' })).status).toBe(403);
    expect((await observer.call('PATCH', `${LATEST}/packs/schedule/${s.id}`, { interval: 61 })).status).toBe(403);
    expect((await observer.call('DELETE', `${V1}/schedule/${s.id}`)).status).toBe(403);
    const teamAdmin = api.as((await gw.userWithToken({ teams: [{ teamId, role: 'admin' }] })).token);
    expect((await teamAdmin.call('GET', `${LATEST}/schedule/${s.id}`)).status).toBe(403);
    expect((await teamAdmin.call('GET', `${LATEST}/packs/${pack.id}/scheduled`)).status).toBe(403);
    expect((await api.ok<One>('GET', `${LATEST}/schedule/${s.id}`)).scheduled.interval).toBe(60);
  });

  it('drops the scheduled queries of a deleted saved query (by id, by name, in bulk) and announces their packs', async () => {
    const [a, b] = [await api.createPack({ name: 'A' }), await api.createPack({ name: 'B' })];
    const [q1, q2, q3, keep] = [await api.createQuery({ name: 'one' }), await api.createQuery({ name: 'two' }), await api.createQuery({ name: 'three' }), await api.createQuery({ name: 'kept' })];
    await api.schedule({ pack_id: a.id, query_id: q1.id });
    await api.schedule({ pack_id: b.id, query_id: q1.id });
    await api.schedule({ pack_id: a.id, query_id: q2.id });
    await api.schedule({ pack_id: b.id, query_id: q3.id });
    const kept = await api.schedule({ pack_id: b.id, query_id: keep.id });
    events.reset();
    await api.ok('DELETE', `${LATEST}/queries/id/${q1.id}`);
    expect(await events.settle(1)).toEqual([{ changedIds: [a.id, b.id], deletedIds: [] }]);
    events.reset();
    await api.ok('DELETE', `${LATEST}/reports/two`);
    expect(await events.settle(1)).toEqual([{ changedIds: [a.id], deletedIds: [] }]);
    events.reset();
    await api.ok('POST', `${LATEST}/queries/delete`, { ids: [q3.id] });
    expect(await events.settle(1)).toEqual([{ changedIds: [b.id], deletedIds: [] }]);
    expect(await api.ok<List>('GET', `${LATEST}/packs/${a.id}/scheduled`)).toEqual({ scheduled: [] });
    expect((await api.ok<List>('GET', `${LATEST}/packs/${b.id}/scheduled`)).scheduled.map((s) => s.id)).toEqual([kept.id]);
    events.reset();
    await api.ok('DELETE', `${LATEST}/queries/id/${(await api.createQuery({ name: 'unscheduled' })).id}`);
    expect(await events.settle(0)).toEqual([]);
  });

  it('drops the targets naming a deleted label, team or host, and announces their packs', async () => {
    const teamId = await insertTeam(gw, 'Doomed team');
    const labelId = (await api.ok<{ label: { id: number } }>('POST', `${LATEST}/labels`, { name: 'Doomed label', query: 'SELECT 1;' })).label.id;
    const keptLabel = await insertLabel(gw, 'Kept');
    const [h1, h2] = [(await gw.seedHost({ osqueryHostId: `h-${++seq}` })).id, (await gw.seedHost({ osqueryHostId: `h-${++seq}` })).id];
    const a = await api.createPack({ name: 'A', label_ids: [labelId, keptLabel], team_ids: [teamId], host_ids: [h1, h2] });
    const b = await api.createPack({ name: 'B', host_ids: [h2] });
    const c = await api.createPack({ name: 'C', label_ids: [keptLabel] });
    events.reset();
    await api.ok('DELETE', `${LATEST}/labels/id/${labelId}`);
    expect(await events.settle(1)).toEqual([{ changedIds: [a.id], deletedIds: [] }]);
    events.reset();
    await api.ok('DELETE', `${LATEST}/teams/${teamId}`);
    expect(await events.settle(1)).toEqual([{ changedIds: [a.id], deletedIds: [] }]);
    events.reset();
    await api.ok('DELETE', `${LATEST}/hosts/${h2}`);
    expect(await events.settle(1)).toEqual([{ changedIds: [a.id, b.id], deletedIds: [] }]);
    const left = await gw.db.manager.query('SELECT pack_id, type, target_id FROM pack_targets ORDER BY pack_id, type, target_id');
    expect(left).toEqual([
      { pack_id: a.id, type: 'host', target_id: h1 },
      { pack_id: a.id, type: 'label', target_id: keptLabel },
      { pack_id: c.id, type: 'label', target_id: keptLabel },
    ]);
    expect((await api.ok<{ pack: FleetPack }>('GET', `${LATEST}/packs/${a.id}`)).pack).toMatchObject({ host_ids: [h1], label_ids: [keptLabel], team_ids: [] });
  });

  it('never shows a host that is gone, even before its targets are dropped', async () => {
    const [h1, h2] = [(await gw.seedHost({ osqueryHostId: `h-${++seq}` })).id, (await gw.seedHost({ osqueryHostId: `h-${++seq}` })).id];
    const pack = await api.createPack({ name: 'P', host_ids: [h1, h2] });
    await gw.db.manager.delete(HostEntity, { id: h2 });
    expect((await api.ok<{ pack: FleetPack }>('GET', `${LATEST}/packs/${pack.id}`)).pack).toMatchObject({ host_ids: [h1], total_hosts_count: 1 });
  });
});
