import { createLogger } from '@flotilla/platform-logging';
import { HostEntity, LabelEntity, LabelMembershipEntity, type Database } from '@flotilla/platform-db';
import { HostsRepository } from '../hosts/hosts.repository';
import type { HostListOptions } from '../hosts/host-query.types';
import { BUILTIN_LABELS } from '../labels/builtin-labels';
import { BuiltinLabelsService } from '../labels/builtin-labels.service';
import { LabelsRepository, type NewLabel } from '../labels/labels.repository';
import { seedHost } from './host-seed';

const NOW = new Date('2026-06-01T12:00:00.500Z');
const ALL: HostListOptions = { offset: 0, direction: 'ASC' };
const regular = (name: string, membershipType: 'dynamic' | 'manual', query = ''): NewLabel => ({
  name,
  description: '',
  query,
  platform: '',
  labelType: 'regular',
  membershipType,
  platforms: '',
  authorId: null,
});

/**
 * What LabelsRepository, the builtin-label installer and the hosts `label_id` filter must do on
 * every dialect. `open` returns a started, migrated database.
 */
export function describeLabelsRepositoryContract(name: string, open: () => Promise<Database>): void {
  describe(`labels on ${name}`, () => {
    let db: Database;
    let labels: LabelsRepository;
    let hosts: HostsRepository;
    const installer = (): BuiltinLabelsService => new BuiltinLabelsService(labels, db, createLogger({ level: 'silent', base: {} }), { readiness: [] });
    const builtin = async (label: string): Promise<number> => (await labels.findByName(label))?.id ?? -1;
    const names = async (labelId: number, withinTeams?: number[]) =>
      (await hosts.list({ labelId, ...(withinTeams ? { withinTeams } : {}) }, ALL, NOW)).map((h) => h.hostname);
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      db = await open();
      labels = new LabelsRepository(db);
      hosts = new HostsRepository(db);
      for (const entity of [LabelMembershipEntity, LabelEntity, HostEntity]) await db.manager.clear(entity);
      const seeds: Array<[string, string, number | null]> = [
        ['mac', 'darwin', null],
        ['win', 'windows', 1],
        ['ubu', 'ubuntu', 1],
        ['rh', 'rhel', 2],
        ['pi', 'raspbian', null],
        ['phone', 'ios', 2],
      ];
      for (const [hostname, platform, teamId] of seeds) ids[hostname] = (await seedHost(db.manager, { osqueryHostId: hostname, hostname, platform, teamId, uuid: `uuid-${hostname}` })).id;
    });

    it('installs every builtin label once, even when replicas race', async () => {
      const outcomes = await Promise.all([installer().ensure(), installer().ensure(), installer().ensure()]);
      expect(outcomes.flatMap((o) => o.created).sort()).toEqual(BUILTIN_LABELS.map((b) => b.name).sort());
      const rows = await db.manager.find(LabelEntity, { order: { id: 'ASC' } });
      expect(rows.map((l) => l.name).sort()).toEqual(BUILTIN_LABELS.map((b) => b.name).sort());
      expect(rows.every((l) => l.labelType === 'builtin' && l.membershipType === 'platform')).toBe(true);
      expect(await installer().ensure()).toEqual({ created: [], updated: [], blocked: [] });
    });

    it('repairs a builtin label whose definition drifted', async () => {
      await db.manager.update(LabelEntity, { name: 'macOS' }, { platforms: 'nothing', description: 'old' });
      expect((await installer().ensure()).updated).toEqual(['macOS']);
      expect(await labels.findByName('macOS')).toMatchObject({ platforms: 'darwin', description: 'All macOS hosts' });
    });

    it('matches builtin labels by platform, the others by membership rows', async () => {
      expect(await names(await builtin('All Hosts'))).toEqual(['mac', 'win', 'ubu', 'rh', 'pi', 'phone']);
      expect(await names(await builtin('All Linux'))).toEqual(['ubu', 'rh', 'pi']);
      expect(await names(await builtin('MS Windows'))).toEqual(['win']);
      expect(await names(await builtin('iOS'))).toEqual(['phone']);
      expect(await names(await builtin('All Linux'), [1])).toEqual(['ubu']);
      const dynamic = await labels.insert(regular('dyn', 'dynamic', 'SELECT 1;'));
      await db.manager.insert(LabelMembershipEntity, [ids['mac'], ids['rh']].map((hostId) => ({ labelId: dynamic, hostId })));
      expect(await names(dynamic)).toEqual(['mac', 'rh']);
      expect(await names(dynamic, [2])).toEqual(['rh']);
      expect(await names(999_999)).toEqual([]);
      expect(await hosts.count({ labelId: dynamic, platforms: ['darwin'] }, NOW)).toBe(1);
    });

    it('replaces manual members and counts hosts per label within teams', async () => {
      const manual = await labels.transaction(async (tx) => {
        const id = await labels.insert(regular('man', 'manual'), tx);
        await labels.replaceMembers(id, [ids['win'] ?? 0, ids['ubu'] ?? 0, ids['win'] ?? 0], tx);
        return id;
      });
      expect(await labels.memberIds(manual)).toEqual([ids['win'], ids['ubu']]);
      await labels.transaction((tx) => labels.replaceMembers(manual, [ids['pi'] ?? 0], tx));
      expect(await labels.memberHostnames(manual)).toEqual(['pi']);
      const all = await db.manager.find(LabelEntity);
      const counts = await labels.hostCounts(all);
      const byName = (n: string) => counts.get(all.find((l) => l.name === n)?.id ?? -1);
      expect([byName('All Hosts'), byName('All Linux'), byName('macOS'), byName('man'), byName('dyn')]).toEqual([6, 3, 1, 1, 2]);
      const team1 = await labels.hostCounts(all, [1]);
      expect([team1.get(all.find((l) => l.name === 'All Hosts')?.id ?? -1), team1.get(manual)]).toEqual([2, 0]);
      expect([...(await labels.hostCounts(all, [])).values()].every((n) => n === 0)).toBe(true);
    });

    it('lists the labels of one host and finds hosts by id or identifier', async () => {
      const rh = await db.manager.findOneByOrFail(HostEntity, { id: ids['rh'] });
      expect((await labels.forHost(rh)).map((l) => l.name)).toEqual(['All Hosts', 'Red Hat Linux', 'All Linux', 'dyn']);
      expect((await labels.hostsByIds([ids['win'] ?? 0, 424242])).map((h) => h.teamId)).toEqual([1]);
      const found = await labels.hostsByIdentifiers(['uuid-mac', 'ubu', 'nobody']);
      expect(found.map((h) => h.identifier).sort()).toEqual(['ubu', 'uuid-mac']);
    });

    it('finds names ignoring letter case and deletes labels with their memberships', async () => {
      expect((await labels.findByNameIgnoringCase('ALL HOSTS'))?.name).toBe('All Hosts');
      expect(await labels.findByNameIgnoringCase('All Hosts', await builtin('All Hosts'))).toBeNull();
      const dyn = await builtin('dyn');
      expect(await labels.delete([dyn])).toBe(1);
      expect(await db.manager.countBy(LabelMembershipEntity, { labelId: dyn })).toBe(0);
      expect(await labels.delete([dyn])).toBe(0);
    });
  });
}
