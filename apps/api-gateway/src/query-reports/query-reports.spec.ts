import { QueryResultEntity, QueryStatsEntity, TeamEntity, type HostEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import { insertTeam, LATEST, QueriesApi, V1 } from '../queries/testing/queries-api';
import type { FleetPackStats } from './host-pack-stats.service';
import type { FleetHostQueryReport, FleetQueryReport } from './query-report.view';

const T1 = new Date('2025-05-06T10:00:00Z');
const T2 = new Date('2025-05-06T11:30:00Z');

describe('query reports and scheduled query stats API', () => {
  let gw: ApiGatewayHarness;
  let admin: QueriesApi;
  const fleet = new FleetOpenApiValidator();
  let teamA: number;
  let teamB: number;
  let hostA: HostEntity;
  let hostB: HostEntity;
  let hostNoTeam: HostEntity;
  let globalQuery: number;
  let teamBQuery: number;
  let observerA: QueriesApi;

  const store = (queryId: number, host: HostEntity, lastFetched: Date, rows: Array<Record<string, string>>, clipped = false) =>
    gw.db.manager.insert(QueryResultEntity, { queryId, hostId: host.id, lastFetched, rowCount: rows.length + (clipped ? 10 : 0), clipped, rows });

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    admin = new QueriesApi(gw, gw.bootstrapTokenFromFile());
    await gw.db.manager.clear(TeamEntity);
    teamA = await insertTeam(gw, 'Team A');
    teamB = await insertTeam(gw, 'Team B');
    hostA = await gw.seedHost({ osqueryHostId: 'report-a', hostname: 'a.local', computerName: 'Alice’s Mac', platform: 'darwin', teamId: teamA });
    hostB = await gw.seedHost({ osqueryHostId: 'report-b', hostname: 'b.local', computerName: '', platform: 'ubuntu', teamId: teamB });
    hostNoTeam = await gw.seedHost({ osqueryHostId: 'report-c', hostname: 'c.local', computerName: '', platform: 'windows', teamId: null });
    globalQuery = (await admin.create(null, { name: 'usb devices', query: 'SELECT * FROM usb_devices', interval: 3600 })).id;
    teamBQuery = (await admin.create(teamB, { name: 'team b ports', query: 'SELECT * FROM listening_ports', interval: 600 })).id;
    await store(globalQuery, hostA, T1, [{ vendor: 'Apple', model: 'Hub', port: '10' }, { vendor: 'Logitech', model: 'Mouse', port: '9' }]);
    await store(globalQuery, hostB, T2, [{ vendor: 'Intel', model: 'Camera', port: '2' }], true);
    await store(globalQuery, hostNoTeam, T2, []);
    await store(teamBQuery, hostB, T2, [{ port: '22' }]);
    observerA = admin.as((await gw.userWithToken({ teams: [{ teamId: teamA, role: 'observer' }] }, 'report-observer-a')).token);
  });

  afterAll(async () => {
    await gw?.close();
  });

  describe('GET /queries/:id/report', () => {
    it.each([`${V1}/queries`, `${LATEST}/queries`, `${V1}/reports`, `${LATEST}/reports`])('answers every row of each host’s latest result at %s, in Fleet’s shape', async (base) => {
      const res = await admin.call<FleetQueryReport>('GET', `${base}/${globalQuery}/report`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        query_id: globalQuery,
        report_id: globalQuery,
        report_clipped: true,
        results: [
          { host_id: hostA.id, host_name: 'Alice’s Mac', last_fetched: '2025-05-06T10:00:00Z', columns: { vendor: 'Apple', model: 'Hub', port: '10' } },
          { host_id: hostA.id, host_name: 'Alice’s Mac', last_fetched: '2025-05-06T10:00:00Z', columns: { vendor: 'Logitech', model: 'Mouse', port: '9' } },
          { host_id: hostB.id, host_name: 'b.local', last_fetched: '2025-05-06T11:30:00Z', columns: { vendor: 'Intel', model: 'Camera', port: '2' } },
        ],
      });
      expect(fleet.problemsOfGet('/api/v1/fleet/reports/{id}/report', res.body)).toEqual([]);
    });

    it('is clipped only when a host’s stored result was, and empty for a query nobody reported', async () => {
      const res = await admin.call<FleetQueryReport>('GET', `${LATEST}/queries/${teamBQuery}/report`);
      expect(res.body).toMatchObject({ report_clipped: false, results: [{ host_id: hostB.id, columns: { port: '22' } }] });
      const fresh = await admin.create(null, { name: 'never reported' });
      const empty = await admin.call<FleetQueryReport>('GET', `${LATEST}/queries/${fresh.id}/report`);
      expect(empty.body).toEqual({ query_id: fresh.id, report_id: fresh.id, report_clipped: false, results: [] });
      expect(fleet.problemsOfGet('/api/v1/fleet/reports/{id}/report', empty.body)).toEqual([]);
    });

    it('orders by host_name, last_fetched, host_id or a column, either way', async () => {
      const order = async (q: string) => (await admin.call<FleetQueryReport>('GET', `${LATEST}/queries/${globalQuery}/report?${q}`)).body.results.map((r) => r.columns['port']);
      expect(await order('order_key=port')).toEqual(['2', '9', '10']);
      expect(await order('order_key=port&order_direction=desc')).toEqual(['10', '9', '2']);
      expect(await order('order_key=vendor')).toEqual(['10', '2', '9']);
      expect(await order('order_key=host_name&order_direction=desc')).toEqual(['2', '10', '9']);
      expect(await order('order_key=last_fetched&order_direction=desc')).toEqual(['2', '10', '9']);
      expect(await order('order_key=host_id')).toEqual(['10', '9', '2']);
      expect((await admin.call('GET', `${LATEST}/queries/${globalQuery}/report?order_direction=up`)).status).toBe(400);
    });

    it('narrows to one team’s hosts (team_id or fleet_id; 0: hosts of no team)', async () => {
      const query = (await admin.create(null, { name: 'everywhere', interval: 60 })).id;
      for (const host of [hostA, hostB, hostNoTeam]) await store(query, host, T1, [{ host: host.hostname }]);
      const hosts = async (q: string) => (await admin.call<FleetQueryReport>('GET', `${LATEST}/queries/${query}/report?${q}`)).body.results.map((r) => r.host_id);
      expect(await hosts('')).toEqual([hostA.id, hostB.id, hostNoTeam.id].sort((a, b) => a - b));
      expect(await hosts(`team_id=${teamA}`)).toEqual([hostA.id]);
      expect(await hosts(`fleet_id=${teamB}`)).toEqual([hostB.id]);
      expect(await hosts('team_id=0')).toEqual([hostNoTeam.id]);
      // A team observer never sees hosts of no team.
      expect((await observerA.call<FleetQueryReport>('GET', `${LATEST}/queries/${query}/report`)).body.results.map((r) => r.host_id)).toEqual([hostA.id]);
      // Out of the way of the pack_stats tests (osquery-ingest would forget its results).
      await admin.call('DELETE', `${LATEST}/queries/id/${query}`);
      await gw.db.manager.delete(QueryResultEntity, { queryId: query });
    });

    it('shows a team user only its teams’ hosts, and refuses another team’s query', async () => {
      const mine = await observerA.call<FleetQueryReport>('GET', `${LATEST}/queries/${globalQuery}/report`);
      expect(mine.status).toBe(200);
      expect(mine.body.results.map((r) => r.host_id)).toEqual([hostA.id, hostA.id]);
      // Host B's clipped result is not the observer's to see.
      expect(mine.body.report_clipped).toBe(false);
      expect((await observerA.call('GET', `${LATEST}/reports/${teamBQuery}/report`)).status).toBe(403);
      expect((await observerA.call('GET', `${LATEST}/queries/${globalQuery}/report?team_id=${teamB}`)).status).toBe(403);
      expect((await observerA.call('GET', `${LATEST}/queries/${globalQuery}/report?team_id=0`)).status).toBe(403);
    });

    it('answers 404 for an unknown query and 400 for a bad id, in Fleet’s error shape', async () => {
      const missing = await admin.call('GET', `${LATEST}/queries/999999/report`);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ message: 'Resource Not Found', errors: [{ name: 'base', reason: 'query 999999 was not found in the datastore' }] });
      const bad = await admin.call('GET', `${LATEST}/queries/abc/report`);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ message: 'Bad request', errors: [{ name: 'id' }] });
    });
  });

  describe('GET /hosts/:id/queries/:query_id', () => {
    it.each(['queries', 'reports'])('answers the host’s stored rows (/hosts/:id/%s/:id), in Fleet’s shape', async (family) => {
      for (const prefix of [V1, LATEST]) {
        const res = await admin.call<FleetHostQueryReport>('GET', `${prefix}/hosts/${hostA.id}/${family}/${globalQuery}`);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          query_id: globalQuery,
          report_id: globalQuery,
          host_id: hostA.id,
          host_name: 'Alice’s Mac',
          host_team_id: teamA,
          last_fetched: '2025-05-06T10:00:00Z',
          report_clipped: false,
          results: [{ columns: { vendor: 'Apple', model: 'Hub', port: '10' } }, { columns: { vendor: 'Logitech', model: 'Mouse', port: '9' } }],
        });
        expect(fleet.problemsOfGet('/api/v1/fleet/hosts/{id}/reports/{report_id}', res.body)).toEqual([]);
      }
      const clipped = await admin.call<FleetHostQueryReport>('GET', `${LATEST}/hosts/${hostB.id}/${family}/${globalQuery}`);
      expect(clipped.body).toMatchObject({ host_name: 'b.local', host_team_id: teamB, report_clipped: true });
    });

    it('answers a host that has not reported the query with no rows and no time', async () => {
      const res = await admin.call<FleetHostQueryReport>('GET', `${LATEST}/hosts/${hostA.id}/queries/${teamBQuery}`);
      expect(res.body).toEqual({ query_id: teamBQuery, report_id: teamBQuery, host_id: hostA.id, host_name: 'Alice’s Mac', host_team_id: teamA, last_fetched: null, report_clipped: false, results: [] });
    });

    it('answers 404 for an unknown host or query, and 403 for a host or query outside the reader’s teams', async () => {
      const noHost = await admin.call('GET', `${LATEST}/hosts/999999/queries/${globalQuery}`);
      expect(noHost.status).toBe(404);
      expect(noHost.body).toEqual({ message: 'Resource Not Found', errors: [{ name: 'base', reason: 'host 999999 was not found in the datastore' }] });
      expect((await admin.call('GET', `${LATEST}/hosts/${hostA.id}/reports/999999`)).status).toBe(404);
      expect((await admin.call('GET', `${LATEST}/hosts/${hostA.id}/queries/0`)).status).toBe(400);
      expect((await observerA.call('GET', `${LATEST}/hosts/${hostA.id}/queries/${globalQuery}`)).status).toBe(200);
      expect((await observerA.call('GET', `${LATEST}/hosts/${hostB.id}/queries/${globalQuery}`)).status).toBe(403);
      expect((await observerA.call('GET', `${LATEST}/hosts/${hostA.id}/queries/${teamBQuery}`)).status).toBe(403);
    });
  });

  describe('GET /hosts/:id pack_stats', () => {
    const packStats = async (host: HostEntity) => {
      const res = await admin.call<{ host: { pack_stats: FleetPackStats[] } }>('GET', `${LATEST}/hosts/${host.id}`);
      expect(res.status).toBe(200);
      expect(fleet.problemsOfGet('/api/v1/fleet/hosts/{id}', res.body)).toEqual([]);
      return res.body.host.pack_stats;
    };

    it('lists the global and the host’s team’s scheduled queries with the host’s stats, in Fleet’s shape', async () => {
      const teamQuery = await admin.create(teamB, { name: 'team b users', query: 'SELECT * FROM users', interval: 60, automations_enabled: true, logging: 'differential', description: 'who' });
      // Not for this host: another platform; not scheduled; differential without automations (nothing to show).
      await admin.create(null, { name: 'windows only', interval: 60, platform: 'windows' });
      await admin.create(null, { name: 'not scheduled', interval: 0 });
      await admin.create(null, { name: 'silent', interval: 60, logging: 'differential' });
      await gw.db.manager.insert(QueryStatsEntity, [
        { queryId: globalQuery, hostId: hostB.id, queryType: 'scheduled', executions: 4, wallTimeMs: 900, userTime: 300, systemTime: 120, memory: 8192, lastExecuted: T2, outputSize: 2048, denylisted: true },
        { queryId: globalQuery, hostId: hostB.id, queryType: 'live', executions: 99, wallTimeMs: 1, userTime: 1, systemTime: 1, memory: 1, lastExecuted: T2 },
        { queryId: teamQuery.id, hostId: hostB.id, queryType: 'scheduled', executions: 2, wallTimeMs: 50, userTime: 20, systemTime: 10, memory: 4096, lastExecuted: T1, outputSize: 10, denylisted: false },
      ]);
      const stats = await packStats(hostB);
      expect(stats.map((p) => [p.pack_name, p.type, p.pack_id])).toEqual([['Global', 'global', 0], ['Team: Team B', `team-${teamB}`, 0]]);
      const [global, team] = stats;
      expect(global?.query_stats).toEqual([
        {
          scheduled_query_name: 'usb devices', scheduled_query_id: globalQuery, query_name: 'usb devices', description: '', pack_name: 'Global',
          average_memory: 8192, denylisted: true, executions: 4, interval: 3600, discard_data: false, automations_enabled: false,
          last_fetched: '2025-05-06T11:30:00Z', last_executed: '2025-05-06T11:30:00Z', output_size: 2048, system_time: 120, user_time: 300, wall_time: 900,
        },
      ]);
      expect(global?.report_stats).toEqual([expect.objectContaining({ scheduled_report_name: 'usb devices', scheduled_report_id: globalQuery, report_name: 'usb devices', executions: 4 })]);
      expect(team?.query_stats.map((q) => [q.query_name, q.executions, q.automations_enabled, q.last_fetched, q.description])).toEqual([
        ['team b ports', 0, false, '2025-05-06T11:30:00Z', ''],
        ['team b users', 2, true, null, 'who'],
      ]);
      expect(team?.query_stats[0]).toMatchObject({ last_executed: '2000-01-01T00:00:00Z', wall_time: 0, denylisted: false });
    });

    it('shows a host with no scheduled stats the queries scheduled for it, with zeros', async () => {
      const stats = await packStats(hostA);
      expect(stats.map((p) => p.pack_name)).toEqual(['Global']);
      expect(stats[0]?.query_stats.map((q) => [q.query_name, q.executions, q.last_fetched])).toEqual([['usb devices', 0, '2025-05-06T10:00:00Z']]);
      // The no-team Windows host also gets the Windows-only query.
      expect((await packStats(hostNoTeam))[0]?.query_stats.map((q) => q.query_name)).toEqual(['usb devices', 'windows only']);
    });
  });
});
