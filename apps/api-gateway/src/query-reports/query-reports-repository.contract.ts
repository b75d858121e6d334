import { HostEntity, QueryEntity, QueryResultEntity, QueryStatsEntity, TeamEntity, type Database } from '@flotilla/platform-db';
import { seedHost } from '../testing/host-seed';
import { QueryReportsRepository } from './query-reports.repository';

const T = new Date('2025-05-06T10:00:00Z');

/**
 * What api-gateway's QueryReportsRepository must do on every dialect: a query's stored results
 * joined with their hosts and narrowed by team, and a host's schedule joined with its stats and
 * result times in one statement. `open` returns a started, migrated database.
 */
export function describeQueryReportsRepositoryContract(name: string, open: () => Promise<Database>): void {
  describe(`api-gateway QueryReportsRepository on ${name}`, () => {
    let db: Database;
    let repo: QueryReportsRepository;
    let hosts: Record<'a' | 'b' | 'none', HostEntity>;
    let teams: Record<'a' | 'b', number>;
    const query = async (over: Partial<QueryEntity> & { name: string }) =>
      Number((await db.manager.insert(QueryEntity, { description: '', query: 'SELECT 1', teamKey: over.teamId ?? 0, saved: true, ...over })).identifiers[0]?.['id']);

    beforeAll(async () => {
      db = await open();
      repo = new QueryReportsRepository(db);
      for (const entity of [QueryResultEntity, QueryStatsEntity, QueryEntity, HostEntity, TeamEntity]) await db.manager.clear(entity);
      const team = async (n: string) => (await db.manager.save(db.manager.create(TeamEntity, { name: n, description: '', config: null }))).id;
      teams = { a: await team('qr-a'), b: await team('qr-b') };
      hosts = {
        a: await seedHost(db.manager, { osqueryHostId: 'qr-a', hostname: 'a', computerName: 'A', teamId: teams.a }),
        b: await seedHost(db.manager, { osqueryHostId: 'qr-b', hostname: 'b', teamId: teams.b }),
        none: await seedHost(db.manager, { osqueryHostId: 'qr-none', hostname: 'none', teamId: null }),
      };
    });

    it('reads a query’s results with their hosts, narrowed to teams and hosts of no team', async () => {
      const q = await query({ name: 'results' });
      for (const [i, h] of [hosts.a, hosts.b, hosts.none].entries()) {
        await db.manager.insert(QueryResultEntity, { queryId: q, hostId: h.id, lastFetched: T, rowCount: 1, clipped: i === 1, rows: [{ i: String(i) }] });
      }
      const read = async (scope: Parameters<QueryReportsRepository['results']>[1]) => (await repo.results(q, scope)).map((r) => [r.hostId, r.host.computerName || r.host.hostname, r.host.teamId, Boolean(r.clipped), r.rows]);
      expect(await read({ noTeam: true })).toEqual([
        [hosts.a.id, 'A', teams.a, false, [{ i: '0' }]],
        [hosts.b.id, 'b', teams.b, true, [{ i: '1' }]],
        [hosts.none.id, 'none', null, false, [{ i: '2' }]],
      ]);
      expect((await read({ teams: [teams.b], noTeam: false })).map((r) => r[0])).toEqual([hosts.b.id]);
      expect((await read({ teams: [], noTeam: true })).map((r) => r[0])).toEqual([hosts.none.id]);
      expect((await read({ teams: [teams.a], noTeam: true })).map((r) => r[0])).toEqual([hosts.a.id, hosts.none.id]);
      expect(await read({ teams: [], noTeam: false })).toEqual([]);
      expect((await read({ noTeam: false })).map((r) => r[0])).toEqual([hosts.a.id, hosts.b.id]);
      expect(await repo.result(q, hosts.b.id)).toMatchObject({ lastFetched: T, clipped: true, rows: [{ i: '1' }] });
      expect(await repo.result(q, 999_999)).toBeNull();
      expect(await repo.findQuery(q)).toEqual({ id: q, teamId: null });
    });

    it('reads a host’s schedule: global and own-team queries with its scheduled stats and result times', async () => {
      const scheduled = await query({ name: 'scheduled', scheduleInterval: 60 });
      const withStats = await query({ name: 'unscheduled with stats', scheduleInterval: 0 });
      await query({ name: 'unscheduled', scheduleInterval: 0 });
      const own = await query({ name: 'own team', teamId: teams.a, scheduleInterval: 30, automationsEnabled: true, loggingType: 'differential' });
      await query({ name: 'other team', teamId: teams.b, scheduleInterval: 30 });
      await query({ name: 'hidden', scheduleInterval: 60, saved: false });
      const stat = { executions: 2, wallTimeMs: 5, userTime: 4, systemTime: 3, memory: 2048, lastExecuted: T, outputSize: 7, denylisted: true };
      await db.manager.insert(QueryStatsEntity, [
        { ...stat, queryId: withStats, hostId: hosts.a.id, queryType: 'scheduled' },
        { ...stat, queryId: scheduled, hostId: hosts.a.id, queryType: 'live' },
        { ...stat, queryId: scheduled, hostId: hosts.b.id, queryType: 'scheduled' },
      ]);
      await db.manager.insert(QueryResultEntity, { queryId: scheduled, hostId: hosts.a.id, lastFetched: T, rowCount: 0, clipped: false, rows: [] });
      const rows = await repo.scheduleOf(hosts.a);
      const mine = rows.filter((r) => [scheduled, withStats, own].includes(r.id) || r.name === 'other team' || r.name === 'hidden' || r.name === 'unscheduled');
      expect(mine.map((r) => [r.name, r.stats?.executions ?? null, r.result?.lastFetched ?? null])).toEqual([
        ['scheduled', null, T],
        ['unscheduled with stats', 2, null],
        ['own team', null, null],
      ]);
      expect(mine[1]?.stats).toMatchObject({ wallTimeMs: 5, userTime: 4, systemTime: 3, memory: 2048, lastExecuted: T, outputSize: 7 });
      expect(Boolean(mine[1]?.stats?.denylisted)).toBe(true);
      expect(mine[2]).toMatchObject({ teamId: teams.a, scheduleInterval: 30, loggingType: 'differential' });
      expect(Boolean(mine[2]?.automationsEnabled)).toBe(true);
      // A host of no team: the global queries only ('results' is unscheduled, but the host has a result of it).
      expect((await repo.scheduleOf(hosts.none)).map((r) => [r.name, r.result ? 'result' : null])).toEqual([
        ['results', 'result'],
        ['scheduled', null],
      ]);
    });
  });
}
