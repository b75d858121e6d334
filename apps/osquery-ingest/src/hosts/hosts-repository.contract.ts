import { Database, HostEntity } from '@flotilla/platform-db';
import { HostsRepository } from './hosts.repository';

/**
 * What osquery-ingest's HostsRepository must do on every dialect (the writes api-gateway asks
 * for over the bus). `open` returns a started, migrated database.
 */
export function describeHostsRepositoryContract(name: string, open: () => Promise<Database>): void {
  describe(`osquery-ingest HostsRepository on ${name}`, () => {
    let db: Database;
    let repo: HostsRepository;
    const teams = async () => Object.fromEntries((await db.manager.find(HostEntity, { order: { id: 'ASC' } })).map((h) => [h.osqueryHostId, h.teamId]));
    const idOf = async (osqueryHostId: string) => (await db.manager.findOneByOrFail(HostEntity, { osqueryHostId })).id;

    beforeAll(async () => {
      db = await open();
      repo = new HostsRepository(db);
      await db.manager.clear(HostEntity);
      await db.manager.insert(HostEntity, [
        { osqueryHostId: 'a', teamId: null },
        { osqueryHostId: 'b', teamId: 1 },
        { osqueryHostId: 'c', teamId: 2 },
      ]);
    });

    it('moves existing hosts to a team or to no team, returning the ids that existed', async () => {
      const [a, b, c] = [await idOf('a'), await idOf('b'), await idOf('c')];
      expect((await repo.transfer([a, b, 999_999], 3)).sort()).toEqual([a, b].sort());
      expect(await teams()).toEqual({ a: 3, b: 3, c: 2 });
      expect(await repo.transfer([c], null)).toEqual([c]);
      expect(await teams()).toEqual({ a: 3, b: 3, c: null });
      expect(await repo.transfer([], 1)).toEqual([]);
      expect(await repo.transfer([999_998], 1)).toEqual([]);
    });

    it('enrolls a burst of new hosts concurrently, each exactly once, and concurrent attempts for one new host agree on its key', async () => {
      const at = new Date();
      // Each started in its own macrotask, as HTTP requests are (on SQLite's single connection a
      // transaction then runs to its end before the next starts; on MySQL they overlap).
      const concurrently = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => new Promise<void>((r) => setImmediate(r)).then(() => f(i))));
      const burst = await concurrently(100, (i) => repo.enroll(`burst-${i}`, `key-${i}`, null, { hostname: `burst-${i}` }, at));
      expect(burst.map((r) => r.host.nodeKey)).toEqual(Array.from({ length: 100 }, (_, i) => `key-${i}`));
      expect(new Set(burst.map((r) => r.host.id)).size).toBe(100);
      const twice = await concurrently(3, (i) => repo.enroll('contended', `attempt-${i}`, null, {}, at));
      const rows = await db.manager.find(HostEntity, { where: { osqueryHostId: 'contended' } });
      expect(rows).toHaveLength(1);
      expect(twice.map((r) => r.host.nodeKey)).toEqual([rows[0]?.nodeKey, rows[0]?.nodeKey, rows[0]?.nodeKey]);
      expect(twice.map((r) => r.host.id)).toEqual([rows[0]?.id, rows[0]?.id, rows[0]?.id]);
    });

    it('agrees on one key when two replicas enroll the same new hosts at once, and re-keys an existing host', async () => {
      const replicas = [repo, new HostsRepository(db)];
      const at = new Date();
      // Each in its own macrotask, as requests arrive (SQLite has one connection in one process; on MySQL they overlap).
      const results = await Promise.all(replicas.flatMap((r, n) => ['race-1', 'race-2'].map((id) => new Promise<void>((go) => setImmediate(go)).then(() => r.enroll(id, `${id}-key-${n}`, 4, { hostname: id }, at)))));
      for (const id of ['race-1', 'race-2']) {
        const rows = await db.manager.find(HostEntity, { where: { osqueryHostId: id } });
        expect(rows).toHaveLength(1);
        const mine = results.filter((r) => r.host.osqueryHostId === id);
        expect(mine.map((r) => [r.host.id, r.host.nodeKey, r.host.teamId])).toEqual([0, 1].map(() => [rows[0]?.id, rows[0]?.nodeKey, 4]));
      }
      // Later (past the margin for concurrent attempts), the same host enrolls again: re-keyed in place.
      const later = await repo.enroll('race-1', 'race-1-new-key', null, {}, new Date(Date.now() + 5_000));
      expect(later).toMatchObject({ reenrolled: true, host: { nodeKey: 'race-1-new-key', teamId: null } });
      expect((await db.manager.findOneByOrFail(HostEntity, { osqueryHostId: 'race-1' })).nodeKey).toBe('race-1-new-key');
    });

    it('deletes existing hosts, returning the ids that existed', async () => {
      const a = await idOf('a');
      expect(await repo.deleteByIds([a, 999_999])).toEqual([a]);
      expect(Object.keys(await teams()).filter((k) => !/^(burst-|race-)/.test(k) && k !== 'contended')).toEqual(['b', 'c']);
    });
  });
}
