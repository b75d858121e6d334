import { Injectable } from '@nestjs/common';
import { assertCan, scopeOf } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { HostsError } from '../hosts/hosts.errors';
import { HostsRepository } from '../hosts/hosts.repository';
import { QueriesError } from '../queries/queries.errors';
import { canReadQuery } from '../queries/query-access';
import type { ReportOptions } from './query-reports.params';
import { QueryReportsRepository, type HostScope } from './query-reports.repository';
import { toFleetHostQueryReport, toFleetQueryReport, type FleetHostQueryReport, type FleetQueryReport } from './query-report.view';

const forbidden = (): Error => AuthzError.forbidden();

/**
 * Whose results a reader sees: the hosts it may read (team users: their teams' hosts only),
 * narrowed to one team (or to hosts of no team) when asked — a team outside its reach is 403.
 */
function hostScope(principal: Principal, teamId: number | null | undefined): HostScope {
  const scope = scopeOf(principal, 'host.read');
  if (teamId === undefined) return scope === 'all' ? { noTeam: true } : { teams: scope, noTeam: false };
  if (teamId === null) {
    if (scope !== 'all') throw forbidden();
    return { teams: [], noTeam: true };
  }
  if (scope !== 'all' && !scope.includes(teamId)) throw forbidden();
  return { teams: [teamId], noTeam: false };
}

/**
 * Query reports: each saved query's latest stored rows per host (written by osquery-ingest from
 * the hosts' scheduled results). Readers of the query get the rows of the hosts they may see.
 */
@Injectable()
export class QueryReportsService {
  constructor(
    private readonly reports: QueryReportsRepository,
    private readonly hosts: HostsRepository,
  ) {}

  /** `GET /queries/:id/report`: 404 for an unknown query, 403 for one the reader may not read. */
  async report(principal: Principal, queryId: number, options: ReportOptions): Promise<FleetQueryReport> {
    const query = await this.reports.findQuery(queryId);
    if (!query) throw QueriesError.notFound(queryId);
    if (!canReadQuery(principal, query.teamId)) throw forbidden();
    const results = await this.reports.results(queryId, hostScope(principal, options.teamId));
    return toFleetQueryReport(queryId, results, options.order);
  }

  /** `GET /hosts/:id/queries/:query_id`: the host (404, 403), then the query (404, 403). */
  async hostReport(principal: Principal, hostId: number, queryId: number): Promise<FleetHostQueryReport> {
    const host = await this.hosts.findById(hostId);
    if (!host) throw HostsError.notFound(`host ${hostId}`);
    assertCan(principal, 'host.read', host.teamId, forbidden);
    const query = await this.reports.findQuery(queryId);
    if (!query) throw QueriesError.notFound(queryId);
    if (!canReadQuery(principal, query.teamId)) throw forbidden();
    return toFleetHostQueryReport(queryId, host, await this.reports.result(queryId, hostId));
  }
}
