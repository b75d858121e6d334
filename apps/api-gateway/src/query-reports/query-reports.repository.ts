import { Inject, Injectable } from '@nestjs/common';
import { HostEntity, QueryEntity, QueryResultEntity, QueryStatsEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import type { ReportResult } from './query-report.view';

/** Which hosts' results a reader gets: all, or those of these teams (hosts of no team only with `noTeam`). */
export interface HostScope {
  teams?: readonly number[];
  noTeam: boolean;
}

/** A saved query with this host's scheduled stats and stored result, when it has them. */
export type HostScheduledQuery = Pick<QueryEntity, 'id' | 'name' | 'description' | 'teamId' | 'scheduleInterval' | 'platform' | 'loggingType' | 'discardData' | 'automationsEnabled'> & {
  stats?: QueryStatsEntity;
  result?: Pick<QueryResultEntity, 'lastFetched'>;
};

/**
 * Reads query reports (`query_results`) and scheduled query stats (`query_stats`), written by
 * osquery-ingest, with the hosts and saved queries they belong to. Portable SQL only.
 */
@Injectable()
export class QueryReportsRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  findQuery(id: number): Promise<Pick<QueryEntity, 'id' | 'teamId'> | null> {
    return this.db.manager.findOne(QueryEntity, { select: { id: true, teamId: true }, where: { id } });
  }

  /** Every stored result of the query on the hosts in `scope`, with the host's names and team. */
  async results(queryId: number, scope: HostScope): Promise<ReportResult[]> {
    const qb = this.db.manager
      .createQueryBuilder(QueryResultEntity, 'r')
      .innerJoinAndMapOne('r.host', HostEntity, 'h', 'h.id = r.host_id')
      .select(['r.queryId', 'r.hostId', 'r.lastFetched', 'r.clipped', 'r.rows', 'h.id', 'h.hostname', 'h.computerName', 'h.teamId'])
      .where('r.query_id = :queryId', { queryId });
    if (scope.teams !== undefined) {
      const teams = [...scope.teams];
      const inTeams = teams.length > 0 ? 'h.team_id IN (:...teams)' : '1 = 0';
      qb.andWhere(scope.noTeam ? `(${inTeams} OR h.team_id IS NULL)` : inTeams, { teams });
    } else if (!scope.noTeam) {
      qb.andWhere('h.team_id IS NOT NULL');
    }
    return (await qb.orderBy('r.host_id', 'ASC').getMany()) as unknown as ReportResult[];
  }

  /** One host's stored result of the query, if any. */
  result(queryId: number, hostId: number): Promise<Pick<QueryResultEntity, 'lastFetched' | 'clipped' | 'rows'> | null> {
    return this.db.manager.findOne(QueryResultEntity, { select: { queryId: true, hostId: true, lastFetched: true, clipped: true, rows: true }, where: { queryId, hostId } });
  }

  /**
   * The global and team saved queries that are scheduled, or that the host has stats or a result
   * for, each with the host's scheduled stats and result time: one statement over the queries of
   * two teams, joined on the stats' and results' primary keys.
   */
  async scheduleOf(host: Pick<HostEntity, 'id' | 'teamId'>): Promise<HostScheduledQuery[]> {
    const keys = host.teamId === null ? [0] : [0, host.teamId];
    const rows = await this.db.manager
      .createQueryBuilder(QueryEntity, 'q')
      .leftJoinAndMapOne('q.stats', QueryStatsEntity, 's', 's.query_id = q.id AND s.host_id = :hostId AND s.query_type = :scheduled', { hostId: host.id, scheduled: 'scheduled' })
      .leftJoinAndMapOne('q.result', QueryResultEntity, 'r', 'r.query_id = q.id AND r.host_id = :hostId', { hostId: host.id })
      .select(['q.id', 'q.name', 'q.description', 'q.teamId', 'q.scheduleInterval', 'q.platform', 'q.loggingType', 'q.discardData', 'q.automationsEnabled'])
      .addSelect(['s.queryId', 's.hostId', 's.queryType', 's.executions', 's.wallTimeMs', 's.userTime', 's.systemTime', 's.memory', 's.lastExecuted', 's.outputSize', 's.denylisted'])
      .addSelect(['r.queryId', 'r.hostId', 'r.lastFetched'])
      .where('q.team_key IN (:...keys)', { keys })
      .andWhere('q.saved = :saved', { saved: true })
      .andWhere('(q.schedule_interval > 0 OR s.query_id IS NOT NULL OR r.query_id IS NOT NULL)')
      .orderBy('q.id', 'ASC')
      .getMany();
    return rows as HostScheduledQuery[];
  }
}
