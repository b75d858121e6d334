import { Inject, Injectable } from '@nestjs/common';
import type { OsqueryRow } from '@flotilla/codec-osquery';
import { Database, QueryEntity, QueryResultEntity, QueryStatsEntity } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import type { HostQueryReport } from './query-report.builder';
import type { CatalogQuery } from './saved-query.catalog';

/** One host's schedule as its last `scheduled_query_stats` answer gave it, mapped to saved queries. */
export interface HostScheduleStats {
  hostId: number;
  /** Every saved query the host has scheduled (stats of any other are dropped). */
  scheduled: number[];
  /** Stats of the queries that ran at least once (the others keep what was stored). */
  stats: Array<Omit<QueryStatsEntity, 'hostId' | 'queryType'>>;
}

const RESULT_COLUMNS = ['last_fetched', 'row_count', 'clipped', 'rows_json'];
const STATS_COLUMNS = ['executions', 'wall_time_ms', 'user_time', 'system_time', 'memory', 'last_executed', 'output_size', 'denylisted'];
/** Rows per multi-row insert (keeps statements well under MySQL's packet and SQLite's variable limits). */
const STATS_CHUNK = 500;
/** Results per multi-row upsert, and their JSON size: well under MySQL's 16 MiB default packet (a result may hold up to the cap's rows). */
const RESULTS_CHUNK = 500;
const RESULTS_CHUNK_BYTES = 4 * 2 ** 20;

/** One host's results to store (see storeResults). */
export interface HostReports {
  hostId: number;
  reports: readonly HostQueryReport[];
}

const resultKey = (hostId: number, queryId: number): string => `${hostId}:${queryId}`;

/** Splits results into upserts of at most RESULTS_CHUNK results and about RESULTS_CHUNK_BYTES of rows (one larger result goes alone). */
function* resultChunks(values: readonly QueryResultEntity[]): Generator<QueryResultEntity[]> {
  let chunk: QueryResultEntity[] = [];
  let bytes = 0;
  for (const v of values) {
    const size = JSON.stringify(v.rows).length;
    if (chunk.length > 0 && (chunk.length >= RESULTS_CHUNK || bytes + size > RESULTS_CHUNK_BYTES)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(v);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

/** Each row's JSON, counted (a multiset), to tell whether a part of a run was stored already. */
function rowCounts(rows: readonly OsqueryRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const k = JSON.stringify(row);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

function contains(stored: readonly OsqueryRow[], part: readonly OsqueryRow[]): boolean {
  const have = rowCounts(stored);
  for (const [k, n] of rowCounts(part)) if ((have.get(k) ?? 0) < n) return false;
  return true;
}

/**
 * Query reports (`query_results`: each saved query's latest rows per host) and scheduled query
 * stats (`query_stats` rows of type 'scheduled'), written by osquery-ingest from result logs and
 * the `scheduled_query_stats` detail query; read by api-gateway. Portable SQL only (MariaDB and
 * SQLite): upserts through TypeORM's `orUpdate`.
 */
@Injectable()
export class QueryReportsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The saved queries (ad-hoc live queries are left out: they are never scheduled). */
  async loadQueries(): Promise<CatalogQuery[]> {
    const rows = await this.db.manager.find(QueryEntity, {
      select: { id: true, teamId: true, name: true, query: true, loggingType: true, discardData: true },
      where: { saved: true },
    });
    return rows.map((q) => ({ id: q.id, teamId: q.teamId, name: q.name, query: q.query, loggingType: q.loggingType, discardData: Boolean(q.discardData) }));
  }

  /**
   * Stores hosts' newest results, all in one transaction (one read of what is stored, then
   * multi-row upserts): a result older than the stored one is ignored; another part of the stored
   * run (same time, rebuilt from event lines) is added to it, unless its rows are stored already (a
   * redelivered chunk). Each host appears at most once. Returns how many results were written.
   */
  async storeResults(batch: readonly HostReports[], maxRows: number): Promise<number> {
    const entries = batch.filter((h) => h.reports.length > 0);
    if (entries.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const hostIds = entries.map((h) => h.hostId);
      const queryIds = [...new Set(entries.flatMap((h) => h.reports.map((r) => r.queryId)))];
      // A superset (every host × every query of the batch), narrowed by key below.
      const stored = await tx.find(QueryResultEntity, { select: { queryId: true, hostId: true, lastFetched: true, rowCount: true, clipped: true }, where: { hostId: In(hostIds), queryId: In(queryIds) } });
      const before = new Map(stored.map((r) => [resultKey(r.hostId, r.queryId), r]));
      const sameRun = entries.flatMap((h) => h.reports.filter((r) => r.partial && before.get(resultKey(h.hostId, r.queryId))?.lastFetched.getTime() === r.lastFetched.getTime()).map((r) => ({ hostId: h.hostId, queryId: r.queryId })));
      const storedRows = new Map<string, OsqueryRow[]>();
      if (sameRun.length > 0) {
        for (const r of await tx.find(QueryResultEntity, { select: { queryId: true, hostId: true, rows: true }, where: sameRun })) storedRows.set(resultKey(r.hostId, r.queryId), r.rows);
      }
      const values: QueryResultEntity[] = [];
      for (const { hostId, reports } of entries) {
        for (const r of reports) {
          const key = resultKey(hostId, r.queryId);
          const prior = before.get(key);
          if (prior && prior.lastFetched.getTime() > r.lastFetched.getTime()) continue;
          const earlier = storedRows.get(key);
          if (earlier === undefined || !prior) {
            values.push(Object.assign(new QueryResultEntity(), { queryId: r.queryId, hostId, lastFetched: r.lastFetched, rowCount: r.rowCount, clipped: r.clipped, rows: r.rows }));
            continue;
          }
          if (!prior.clipped && contains(earlier, r.rows)) continue;
          const rowCount = prior.rowCount + r.rowCount;
          values.push(Object.assign(new QueryResultEntity(), { queryId: r.queryId, hostId, lastFetched: r.lastFetched, rowCount, clipped: rowCount > maxRows, rows: [...earlier, ...r.rows].slice(0, maxRows) }));
        }
      }
      // The primary key's order, so concurrent writers lock rows in the same order.
      values.sort((a, b) => a.queryId - b.queryId || a.hostId - b.hostId);
      for (const chunk of resultChunks(values)) await tx.createQueryBuilder().insert().into(QueryResultEntity).values(chunk).orUpdate(RESULT_COLUMNS, ['query_id', 'host_id']).execute();
      return values.length;
    });
  }

  /** Forgets every host's results of these queries (deleted, or their SQL or report setting changed). */
  async forgetResults(queryIds: readonly number[]): Promise<void> {
    if (queryIds.length > 0) await this.db.manager.delete(QueryResultEntity, { queryId: In([...new Set(queryIds)]) });
  }

  /** Forgets every host's performance stats (live and scheduled) of these queries (deleted, or their SQL changed). */
  async forgetStats(queryIds: readonly number[]): Promise<void> {
    if (queryIds.length > 0) await this.db.manager.delete(QueryStatsEntity, { queryId: In([...new Set(queryIds)]) });
  }

  /** Within the hosts' deletion: their results go with them. */
  async forgetHosts(tx: EntityManager, hostIds: readonly number[]): Promise<void> {
    if (hostIds.length > 0) await tx.delete(QueryResultEntity, { hostId: In([...hostIds]) });
  }

  /** After hosts moved to `teamId`: their results of other teams' queries go (as Fleet: a host reports for its own team only). */
  async dropOtherTeamsResults(tx: EntityManager, hostIds: readonly number[], teamId: number | null): Promise<void> {
    if (hostIds.length === 0) return;
    const foreign = await tx.find(QueryEntity, { select: { id: true }, where: teamId === null ? { teamId: Not(IsNull()) } : { teamId: Not(teamId) } });
    if (foreign.length > 0) await tx.delete(QueryResultEntity, { hostId: In([...hostIds]), queryId: In(foreign.map((q) => q.id)) });
  }

  /**
   * Replaces hosts' scheduled query stats with their latest schedule, in one transaction: stats of
   * queries no longer scheduled go; those that ran are written; those not run yet keep what was stored.
   */
  async replaceScheduleStats(batch: readonly HostScheduleStats[]): Promise<void> {
    if (batch.length === 0) return;
    await this.db.transaction(async (tx) => {
      const hosts = [...batch].sort((a, b) => a.hostId - b.hostId);
      for (const h of hosts) {
        const scheduled = [...new Set(h.scheduled)];
        await tx.delete(QueryStatsEntity, { hostId: h.hostId, queryType: 'scheduled', ...(scheduled.length > 0 ? { queryId: Not(In(scheduled)) } : {}) });
      }
      const rows = hosts.flatMap((h) => h.stats.map((s) => Object.assign(new QueryStatsEntity(), { ...s, hostId: h.hostId, queryType: 'scheduled' as const })));
      rows.sort((a, b) => a.queryId - b.queryId || a.hostId - b.hostId);
      for (let i = 0; i < rows.length; i += STATS_CHUNK) {
        await tx.createQueryBuilder().insert().into(QueryStatsEntity).values(rows.slice(i, i + STATS_CHUNK)).orUpdate(STATS_COLUMNS, ['query_id', 'host_id', 'query_type']).execute();
      }
    });
  }
}
