import { HostEntity, isDuplicateKey, LabelEntity, LabelMembershipEntity, PackEntity, PackTargetEntity, QueryEntity, ScheduledQueryEntity, TeamEntity, type Database } from '@flotilla/platform-db';
import { seedHost } from '../../testing/host-seed';
import { PackTargetRefsRepository } from '../pack-target-refs.repository';
import type { ScheduledContent } from '../pack-rules';
import { PacksRepository } from '../packs.repository';
import { ScheduledQueriesRepository } from '../scheduled-queries.repository';

const OPTIONS: ScheduledContent = { name: 'q', description: '', scheduleInterval: 60, snapshot: null, removed: null, platform: null, version: null, shard: null, denylist: null };

/**
 * What the packs repositories must do on every dialect: names unique ignoring letter case,
 * booleans and NULL options round-tripped, targets replaced and forgotten, scheduled queries
 * forgotten with their saved query, and host counts over teams (hosts without one too) and labels.
 * `open` returns a started, migrated database.
 */
export function describePacksRepositoryContract(name: string, open: () => Promise<Database>): void {
  describe(`packs on ${name}`, () => {
    let db: Database;
    let packs: PacksRepository;
    let scheduled: ScheduledQueriesRepository;
    let refs: PackTargetRefsRepository;
    let seq = 0;
    const pack = (packName: string) => packs.transaction((tx) => packs.insert({ name: packName, description: '', platform: '', disabled: false }, tx));
    const query = async (queryName: string, teamId: number | null = null, saved = true) =>
      (await db.manager.insert(QueryEntity, { name: queryName, query: 'SELECT 1', description: '', teamId, teamKey: teamId ?? 0, saved, authorId: null })).identifiers[0]?.['id'] as number;
    const host = async (teamId: number | null, platform: string) => (await seedHost(db.manager, { osqueryHostId: `ph-${++seq}`, hostname: `ph-${seq}`, teamId, platform })).id;
    const team = async (teamName: string) => (await db.manager.save(db.manager.create(TeamEntity, { name: teamName, description: '', config: null }))).id;
    const label = async (labelName: string, membershipType: 'manual' | 'platform', platforms = '') =>
      (await db.manager.insert(LabelEntity, { name: labelName, description: '', query: '', platform: '', labelType: membershipType === 'platform' ? 'builtin' : 'regular', membershipType, platforms })).identifiers[0]?.['id'] as number;

    beforeAll(async () => {
      db = await open();
      packs = new PacksRepository(db);
      scheduled = new ScheduledQueriesRepository(db);
      refs = new PackTargetRefsRepository(db);
    });

    beforeEach(async () => {
      for (const entity of [ScheduledQueryEntity, PackTargetEntity, PackEntity, QueryEntity, LabelMembershipEntity, LabelEntity, HostEntity, TeamEntity]) await db.manager.clear(entity);
    });

    it('finds packs by name ignoring letter case, and refuses a second one of the same name with a duplicate-key error', async () => {
      const id = await pack('Security');
      expect((await packs.findByName('SECURITY'))?.id).toBe(id);
      expect(await packs.findByName('security', id)).toBeNull();
      const again = await pack('Security').catch((err: unknown) => err);
      expect(isDuplicateKey(again)).toBe(true);
    });

    it('round-trips booleans and unset (NULL) options, and forgets scheduled queries with their saved query', async () => {
      const [a, b] = [await pack('a'), await pack('b')];
      await packs.transaction((tx) => packs.update(a, { disabled: true }, tx));
      expect((await packs.findById(a))?.disabled).toBeTruthy();
      const [q1, q2] = [await query('one'), await query('two')];
      const set = await scheduled.insert({ ...OPTIONS, name: 'set', packId: a, queryId: q1, snapshot: false, removed: true, denylist: false, shard: 0, platform: '', version: '' });
      const unset = await scheduled.insert({ ...OPTIONS, name: 'unset', packId: b, queryId: q2 });
      const rows = await scheduled.ofPacks([a, b]);
      const [setRow, unsetRow] = [rows.get(a)?.[0], rows.get(b)?.[0]];
      expect([setRow?.id, unsetRow?.id]).toEqual([set, unset]);
      expect([setRow?.snapshot, setRow?.removed, setRow?.denylist].map((v) => (v === null ? null : Boolean(v)))).toEqual([false, true, false]);
      expect([setRow?.shard, setRow?.platform, setRow?.version]).toEqual([0, '', '']);
      expect([unsetRow?.snapshot, unsetRow?.removed, unsetRow?.denylist, unsetRow?.shard, unsetRow?.platform, unsetRow?.version]).toEqual([null, null, null, null, null, null]);
      expect((await scheduled.findByName(a, 'SET'))?.id).toBe(set);
      const dup = await scheduled.insert({ ...OPTIONS, name: 'set', packId: a, queryId: q2 }).catch((err: unknown) => err);
      expect(isDuplicateKey(dup)).toBe(true);
      expect(await packs.transaction((tx) => scheduled.forgetQueries([q1, 9_999], tx))).toEqual([a]);
      expect((await scheduled.ofPacks([a, b])).get(a)).toEqual([]);
      await query('team query', await team('T'));
      await query('distributed_hidden', null, false);
      expect(await scheduled.globalQueries()).toEqual([
        { id: q1, name: 'one' },
        { id: q2, name: 'two' },
      ]);
    });

    it('replaces and forgets targets, and deletes packs with theirs', async () => {
      const [a, b] = [await pack('a'), await pack('b')];
      await packs.transaction(async (tx) => {
        await packs.replaceTargets(a, 'host', [3, 1, 3], tx);
        await packs.replaceTargets(a, 'label', [7], tx);
        await packs.replaceTargets(b, 'label', [7, 8], tx);
      });
      expect(await packs.targets([a, b])).toEqual(
        new Map([
          [a, { hostIds: [1, 3], labelIds: [7], teamIds: [] }],
          [b, { hostIds: [], labelIds: [7, 8], teamIds: [] }],
        ]),
      );
      expect(await packs.transaction((tx) => packs.forgetTargets('label', [7], tx))).toEqual([a, b]);
      expect(await packs.transaction((tx) => packs.forgetTargets('team', [7], tx))).toEqual([]);
      expect(await packs.transaction((tx) => packs.delete([a], tx))).toBe(1);
      expect(await packs.targets([a, b])).toEqual(
        new Map([
          [a, { hostIds: [], labelIds: [], teamIds: [] }],
          [b, { hostIds: [], labelIds: [8], teamIds: [] }],
        ]),
      );
    });

    it('counts each host the targets reach once: named hosts (with or without a team), team hosts, label members, builtin labels by platform', async () => {
      const teamId = await team('T');
      const [mac, win, ubu, teamed] = [await host(null, 'darwin'), await host(null, 'windows'), await host(null, 'ubuntu'), await host(teamId, 'ubuntu')];
      const manual = await label('manual', 'manual');
      const macos = await label('macOS', 'platform', 'darwin');
      const all = await label('All Hosts', 'platform');
      await db.manager.insert(LabelMembershipEntity, [{ labelId: manual, hostId: win }]);
      const count = (hostIds: number[], labelIds: number[], teamIds: number[]) => refs.hostCount({ hostIds, labelIds, teamIds });
      expect(await count([], [], [])).toBe(0);
      expect(await count([mac, ubu, 9_999], [], [teamId])).toBe(3);
      expect(await count([mac, teamed], [], [teamId])).toBe(2);
      expect(await count([mac], [manual, macos], [])).toBe(2);
      expect(await count([], [all], [teamId])).toBe(4);
      expect(await refs.existing('host', [mac, 9_999])).toEqual(new Set([mac]));
      expect(await refs.named('label', [manual, 9_999])).toEqual(new Map([[manual, 'manual']]));
    });
  });
}
