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

    it('deletes existing hosts, returning the ids that existed', async () => {
      const a = await idOf('a');
      expect(await repo.deleteByIds([a, 999_999])).toEqual([a]);
      expect(Object.keys(await teams())).toEqual(['b', 'c']);
    });
  });
}
