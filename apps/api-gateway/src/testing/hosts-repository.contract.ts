import type { Database } from '@flotilla/platform-db';
import { HostEntity } from '@flotilla/platform-db';
import { HostsRepository } from '../hosts/hosts.repository';
import type { HostFilters, HostListOptions } from '../hosts/host-query.types';
import { LINUX_PLATFORMS } from '@flotilla/codec-osquery';
import { seedHost } from './host-seed';

const S = 1000;
const DAY = 86_400 * S;
/** Fixed instants with sub-second parts, to catch precision differences between the dialects. */
const NOW = new Date('2026-06-01T12:00:00.500Z');
const at = (msAgo: number) => new Date(NOW.getTime() - msAgo);
const ALL: HostListOptions = { offset: 0, direction: 'ASC' };

/**
 * What HostsRepository must do on every dialect: the same SQL has to filter, order, page and
 * count identically on MySQL/MariaDB and SQLite. `open` returns a started, migrated database.
 */
export function describeHostsRepositoryContract(name: string, open: () => Promise<Database>): void {
  describe(`HostsRepository on ${name}`, () => {
    let db: Database;
    let repo: HostsRepository;
    const names = async (filters: HostFilters, options: HostListOptions = ALL) => (await repo.list(filters, options, NOW)).map((h) => h.hostname);

    beforeAll(async () => {
      db = await open();
      repo = new HostsRepository(db);
      await db.manager.clear(HostEntity);
      const m = db.manager;
      await seedHost(m, { osqueryHostId: '1', hostname: 'Alpha', computerName: 'zeta', platform: 'darwin', hardwareSerial: 'A_1', primaryIp: '10.0.0.1', seenTime: at(69 * S), distributedInterval: 10, configTlsRefresh: 10, createdAt: at(DAY - S), memory: 5 });
      await seedHost(m, { osqueryHostId: '2', hostname: 'bravo', platform: 'ubuntu', hardwareSerial: 'B%1', seenTime: at(71 * S), distributedInterval: 10, configTlsRefresh: 10, createdAt: at(DAY + S), teamId: 1, memory: 5 });
      await seedHost(m, { osqueryHostId: '3', hostname: 'charlie', platform: 'windows', uuid: 'U!3', seenTime: at(30 * DAY), createdAt: at(40 * DAY), teamId: 2, memory: 1 });
      await seedHost(m, { osqueryHostId: '4', hostname: 'Delta', platform: 'rhel', seenTime: at(179 * S), distributedInterval: 300, configTlsRefresh: 120, createdAt: at(2 * DAY), memory: 3 });
      await seedHost(m, { osqueryHostId: '5', hostname: 'echo', platform: 'fedora', nodeKey: 'nk5', seenTime: null, createdAt: at(30 * S), memory: 4 });
    });

    it('computes online per check-in interval with portable comparisons', async () => {
      expect(await names({ status: 'online' })).toEqual(['Alpha', 'Delta', 'echo']);
      expect(await names({ status: 'offline' })).toEqual(['bravo', 'charlie']);
      expect(await names({ status: 'missing' })).toEqual(['charlie']);
      expect(await names({ status: 'new' })).toEqual(['Alpha', 'echo']);
      expect(await repo.count({ status: 'online' }, NOW)).toBe(3);
    });

    it('filters by team, platform family, label and escaped substrings', async () => {
      expect(await names({ teamId: null })).toEqual(['Alpha', 'Delta', 'echo']);
      expect(await names({ teamId: 1 })).toEqual(['bravo']);
      expect(await names({ platforms: LINUX_PLATFORMS })).toEqual(['bravo', 'Delta', 'echo']);
      expect(await names({ platforms: [] })).toEqual([]);
      expect(await names({ labelId: 1 })).toEqual([]);
      expect(await names({ query: 'A_' })).toEqual(['Alpha']);
      expect(await names({ query: '%' })).toEqual(['bravo']);
      expect(await names({ query: '!' })).toEqual(['charlie']);
      expect(await names({ query: 'ZETA' })).toEqual(['Alpha']);
      expect(await names({ query: '10.0.0' })).toEqual(['Alpha']);
    });

    it('orders text case-insensitively, ties broken by id, and pages', async () => {
      expect(await names({}, { ...ALL, orderKey: 'hostname' })).toEqual(['Alpha', 'bravo', 'charlie', 'Delta', 'echo']);
      expect(await names({}, { ...ALL, orderKey: 'display_name', direction: 'DESC' })).toEqual(['Alpha', 'echo', 'Delta', 'charlie', 'bravo']);
      expect(await names({}, { ...ALL, orderKey: 'memory' })).toEqual(['charlie', 'Delta', 'echo', 'Alpha', 'bravo']);
      expect(await names({}, { ...ALL, orderKey: 'seen_time', direction: 'DESC' })).toEqual(['echo', 'Alpha', 'bravo', 'Delta', 'charlie']);
      expect(await names({}, { offset: 2, limit: 2, orderKey: 'hostname', direction: 'ASC' })).toEqual(['charlie', 'Delta']);
      expect(await names({}, { offset: 4, limit: 2, direction: 'ASC' })).toEqual(['echo']);
    });

    it('resolves ids for bulk deletes and hosts by identifier', async () => {
      const ids = await repo.ids({ teamId: null }, NOW);
      expect(ids).toHaveLength(3);
      expect((await repo.findByIdentifier('nk5'))?.hostname).toBe('echo');
      expect((await repo.findByIdentifier('U!3'))?.hostname).toBe('charlie');
      expect(await repo.findByIdentifier('nothing')).toBeNull();
    });

    it('summarises by platform', async () => {
      expect(await repo.summary({}, NOW)).toEqual({
        total: 5,
        online: 3,
        missing: 1,
        new: 2,
        platforms: [
          { platform: 'darwin', count: 1 },
          { platform: 'fedora', count: 1 },
          { platform: 'rhel', count: 1 },
          { platform: 'ubuntu', count: 1 },
          { platform: 'windows', count: 1 },
        ],
      });
      expect(await repo.summary({ teamId: 7 }, NOW)).toEqual({ total: 0, online: 0, missing: 0, new: 0, platforms: [] });
    });
  });
}
