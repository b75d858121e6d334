import { Database, QueryEntity, QueryResultEntity, QueryStatsEntity } from '@flotilla/platform-db';
import type { HostQueryReport } from './query-report.builder';
import { QueryReportsRepository } from './query-reports.repository';

const at = (iso: string): Date => new Date(iso);
const report = (queryId: number, time: string, rows: Array<Record<string, string>>, over: Partial<HostQueryReport> = {}): HostQueryReport => ({
  queryId,
  lastFetched: at(time),
  rows,
  rowCount: rows.length,
  clipped: false,
  partial: false,
  ...over,
});

/**
 * What osquery-ingest's QueryReportsRepository must do on every dialect: newest-wins upserts of
 * query reports (parts of one event-format run added up), schedule stats replaced per host,
 * and forgetting by query and by host. `open` returns a started, migrated database.
 */
export function describeQueryReportsRepositoryContract(name: string, open: () => Promise<Database>): void {
  describe(`osquery-ingest QueryReportsRepository on ${name}`, () => {
    let db: Database;
    let repo: QueryReportsRepository;
    /** One host's results, alone in their transaction. */
    const store = (hostId: number, reports: HostQueryReport[], maxRows: number) => repo.storeResults([{ hostId, reports }], maxRows);
    const result = (queryId: number, hostId: number) => db.manager.findOneBy(QueryResultEntity, { queryId, hostId });
    const scheduled = async (hostId: number) =>
      (await db.manager.find(QueryStatsEntity, { where: { hostId, queryType: 'scheduled' }, order: { queryId: 'ASC' } })).map((s) => [s.queryId, s.executions, s.outputSize, Boolean(s.denylisted)]);

    beforeAll(async () => {
      db = await open();
      repo = new QueryReportsRepository(db);
    });

    beforeEach(async () => {
      await db.manager.clear(QueryResultEntity);
      await db.manager.clear(QueryStatsEntity);
      await db.manager.clear(QueryEntity);
    });

    it('loads the saved queries, not the hidden live ones', async () => {
      const base = { description: '', query: 'SELECT 1', loggingType: 'snapshot' as const };
      await db.manager.insert(QueryEntity, [
        { ...base, name: 'global', teamId: null, teamKey: 0, saved: true },
        { ...base, name: 'team', teamId: 4, teamKey: 4, saved: true, discardData: true, loggingType: 'differential' },
        { ...base, name: 'distributed_admin_1', teamId: null, teamKey: 0, saved: false },
      ]);
      const loaded = (await repo.loadQueries()).map(({ id: _id, ...q }) => q).sort((a, b) => a.name.localeCompare(b.name));
      expect(loaded).toEqual([
        { teamId: null, name: 'global', query: 'SELECT 1', loggingType: 'snapshot', discardData: false },
        { teamId: 4, name: 'team', query: 'SELECT 1', loggingType: 'differential', discardData: true },
      ]);
    });

    it('keeps the newest result per query and host: an older one never overwrites it', async () => {
      expect(await store(1, [report(10, '2025-05-06T10:00:00Z', [{ a: '1' }]), report(11, '2025-05-06T10:00:00Z', [])], 1000)).toBe(2);
      expect(await store(1, [report(10, '2025-05-06T09:00:00Z', [{ a: 'old' }])], 1000)).toBe(0);
      expect(await result(10, 1)).toMatchObject({ lastFetched: at('2025-05-06T10:00:00Z'), rows: [{ a: '1' }], rowCount: 1 });
      expect(await store(1, [report(10, '2025-05-06T11:00:00Z', [{ a: '2' }, { a: '3' }], { rowCount: 5, clipped: true })], 1000)).toBe(1);
      expect(await result(10, 1)).toMatchObject({ lastFetched: at('2025-05-06T11:00:00Z'), rows: [{ a: '2' }, { a: '3' }], rowCount: 5, clipped: true });
      expect(await result(11, 1)).toMatchObject({ rows: [], rowCount: 0, clipped: false });
      // Another host's result is its own.
      await store(2, [report(10, '2025-05-06T08:00:00Z', [{ a: 'h2' }])], 1000);
      expect((await result(10, 2))?.rows).toEqual([{ a: 'h2' }]);
      expect((await result(10, 1))?.rows).toEqual([{ a: '2' }, { a: '3' }]);
    });

    it('adds another part of the same event-format run, once, within the cap', async () => {
      const t = '2025-05-06T10:00:00Z';
      await store(1, [report(10, t, [{ n: '1' }, { n: '2' }], { partial: true })], 3);
      await store(1, [report(10, t, [{ n: '3' }], { partial: true })], 3);
      expect(await result(10, 1)).toMatchObject({ rows: [{ n: '1' }, { n: '2' }, { n: '3' }], rowCount: 3, clipped: false });
      // The same part again (a redelivered chunk) changes nothing.
      expect(await store(1, [report(10, t, [{ n: '3' }], { partial: true })], 3)).toBe(0);
      // One more row passes the cap: counted, marked clipped, not kept.
      await store(1, [report(10, t, [{ n: '4' }], { partial: true })], 3);
      expect(await result(10, 1)).toMatchObject({ rows: [{ n: '1' }, { n: '2' }, { n: '3' }], rowCount: 4, clipped: true });
      // A whole snapshot of the same time replaces rather than adds; a newer run starts over.
      await store(1, [report(10, t, [{ n: 'x' }])], 3);
      expect(await result(10, 1)).toMatchObject({ rows: [{ n: 'x' }], rowCount: 1, clipped: false });
      await store(1, [report(10, '2025-05-06T10:01:00Z', [{ n: 'y' }], { partial: true })], 3);
      expect(await result(10, 1)).toMatchObject({ rows: [{ n: 'y' }], rowCount: 1 });
    });

    it('stores many hosts in one batch, each by the same rules as alone, in multi-row upserts split by size', async () => {
      const t = '2025-05-06T10:00:00Z';
      await store(1, [report(10, t, [{ n: '1' }], { partial: true })], 3);
      await store(2, [report(10, '2025-05-06T11:00:00Z', [{ n: 'newer' }])], 3);
      await store(3, [report(10, t, [{ n: 'stored' }])], 3);
      // Large results (4.5 MB in all) take more than one upsert statement (about 4 MiB each): every one is stored.
      const big = Array.from({ length: 3 }, (_, i) => ({ blob: String(i).repeat(1_500_000) }));
      const written = await repo.storeResults(
        [
          { hostId: 1, reports: [report(10, t, [{ n: '2' }], { partial: true }), report(11, t, [{ n: 'q11' }])] }, // another part of the stored run: added
          { hostId: 2, reports: [report(10, t, [{ n: 'older' }])] }, // older than the stored: ignored
          { hostId: 3, reports: [report(10, '2025-05-06T12:00:00Z', [{ n: 'replaced' }])] },
          { hostId: 4, reports: [] },
          ...[5, 6, 7].map((hostId) => ({ hostId, reports: [report(12, t, big)] })),
        ],
        3,
      );
      expect(written).toBe(6);
      expect((await result(10, 1))?.rows).toEqual([{ n: '1' }, { n: '2' }]);
      expect((await result(11, 1))?.rows).toEqual([{ n: 'q11' }]);
      expect((await result(10, 2))?.rows).toEqual([{ n: 'newer' }]);
      expect((await result(10, 3))?.rows).toEqual([{ n: 'replaced' }]);
      expect(await result(10, 4)).toBeNull();
      for (const hostId of [5, 6, 7]) expect((await result(12, hostId))?.rows).toEqual(big);
    });

    it('forgets results by query and by host, stats by query', async () => {
      await store(1, [report(10, '2025-05-06T10:00:00Z', []), report(11, '2025-05-06T10:00:00Z', [])], 1000);
      await store(2, [report(10, '2025-05-06T10:00:00Z', [])], 1000);
      await repo.forgetResults([10]);
      expect((await db.manager.find(QueryResultEntity)).map((r) => [r.queryId, r.hostId])).toEqual([[11, 1]]);
      await store(2, [report(11, '2025-05-06T10:00:00Z', [])], 1000);
      await db.transaction((tx) => repo.forgetHosts(tx, [1]));
      expect((await db.manager.find(QueryResultEntity)).map((r) => [r.queryId, r.hostId])).toEqual([[11, 2]]);

      const stat = { executions: 1, wallTimeMs: 0, userTime: 0, systemTime: 0, memory: 0, lastExecuted: null, outputSize: 0, denylisted: false };
      await db.manager.insert(QueryStatsEntity, [
        { ...stat, queryId: 10, hostId: 1, queryType: 'live' },
        { ...stat, queryId: 10, hostId: 1, queryType: 'scheduled' },
        { ...stat, queryId: 11, hostId: 1, queryType: 'scheduled' },
      ]);
      await repo.forgetStats([10]);
      expect((await db.manager.find(QueryStatsEntity)).map((s) => s.queryId)).toEqual([11]);
    });

    it('drops moved hosts’ results of other teams’ queries, keeping global ones and the new team’s', async () => {
      const base = { description: '', query: 'SELECT 1', saved: true };
      const ids = (await db.manager.insert(QueryEntity, [
        { ...base, name: 'g', teamId: null, teamKey: 0 },
        { ...base, name: 't1', teamId: 1, teamKey: 1 },
        { ...base, name: 't2', teamId: 2, teamKey: 2 },
      ])).identifiers.map((i) => Number(i['id']));
      const [g, t1, t2] = ids as [number, number, number];
      for (const hostId of [1, 2]) await store(hostId, [g, t1, t2].map((q) => report(q, '2025-05-06T10:00:00Z', [])), 1000);
      const left = async () => (await db.manager.find(QueryResultEntity, { order: { hostId: 'ASC', queryId: 'ASC' } })).map((r) => [r.hostId, r.queryId]);
      await db.transaction((tx) => repo.dropOtherTeamsResults(tx, [1], 2));
      expect(await left()).toEqual([[1, g], [1, t2], [2, g], [2, t1], [2, t2]]);
      await db.transaction((tx) => repo.dropOtherTeamsResults(tx, [2], null));
      expect(await left()).toEqual([[1, g], [1, t2], [2, g]]);
    });

    it('replaces hosts’ scheduled stats: unscheduled ones go, run ones are written, not-yet-run ones keep theirs', async () => {
      const stat = (queryId: number, executions: number, outputSize = 100) => ({
        queryId, executions, wallTimeMs: 40, userTime: 30, systemTime: 20, memory: 4096, lastExecuted: at('2025-05-06T10:00:00Z'), outputSize, denylisted: executions > 5,
      });
      await db.manager.insert(QueryStatsEntity, { ...stat(10, 1), hostId: 1, queryType: 'live' });
      await repo.replaceScheduleStats([
        { hostId: 1, scheduled: [10, 11, 12], stats: [stat(10, 2), stat(11, 9), stat(12, 1)] },
        { hostId: 2, scheduled: [10], stats: [stat(10, 3)] },
      ]);
      expect(await scheduled(1)).toEqual([[10, 2, 100, false], [11, 9, 100, true], [12, 1, 100, false]]);
      // 11 is still scheduled but has not run since osquery restarted: its stats stay; 12 is gone.
      await repo.replaceScheduleStats([{ hostId: 1, scheduled: [10, 11], stats: [stat(10, 4, 900)] }]);
      expect(await scheduled(1)).toEqual([[10, 4, 900, false], [11, 9, 100, true]]);
      expect(await scheduled(2)).toEqual([[10, 3, 100, false]]);
      const row = await db.manager.findOneByOrFail(QueryStatsEntity, { queryId: 10, hostId: 1, queryType: 'scheduled' });
      expect(row).toMatchObject({ wallTimeMs: 40, userTime: 30, systemTime: 20, memory: 4096, lastExecuted: at('2025-05-06T10:00:00Z') });
      // Nothing scheduled any more; live stats are another matter.
      await repo.replaceScheduleStats([{ hostId: 1, scheduled: [], stats: [] }]);
      expect(await scheduled(1)).toEqual([]);
      expect(await db.manager.countBy(QueryStatsEntity, { hostId: 1, queryType: 'live' })).toBe(1);
    });
  });
}
