import { intColumn } from './detail-ingest.util';
import type { DetailRow } from './detail-query.types';
import type { HostScheduledQueryStat, HostVitalsPatch } from './host-vitals';
import { osqueryError } from './osquery.errors';
import { scheduledQueryRef } from './query-name.parser';

const QUERY = 'scheduled_query_stats';

/**
 * Fleet's `scheduled_query_stats`: the host's osquery_schedule, each row with the pack delimiter
 * osquery joins schedule names with (`pack<d>Global<d>name`, `pack<d>team-7<d>name`).
 */
export const SCHEDULED_QUERY_STATS_SQL = [
  'SELECT *,',
  "  (SELECT value FROM osquery_flags WHERE name = 'pack_delimiter') AS delimiter",
  'FROM osquery_schedule',
].join('\n');

function count(row: DetailRow, column: string): number {
  const n = intColumn(row, column, QUERY) ?? 0;
  if (n < 0) throw osqueryError('invalid_detail_row', `${QUERY}: ${column} must not be negative, got ${n}`);
  return n;
}

function flag(row: DetailRow, column: string): boolean {
  const value = (row[column] ?? '').trim().toLowerCase();
  return value === '1' || value === 'true';
}

/** One schedule row, or undefined when it names no pack query (no delimiter or name, as Fleet skips them). */
function statOf(row: DetailRow): HostScheduledQueryStat | undefined {
  const name = row['name'] ?? '';
  const delimiter = row['delimiter'] ?? '';
  if (delimiter === '' || !name.startsWith(`pack${delimiter}`)) return undefined;
  const rest = name.slice(`pack${delimiter}`.length);
  const at = rest.indexOf(delimiter);
  if (at < 0) return undefined;
  // A query name may contain the delimiter; a pack name cannot (as in Fleet).
  const query = scheduledQueryRef(rest.slice(0, at), rest.slice(at + delimiter.length));
  if (query === undefined) return undefined;
  const wallTimeMs = count(row, 'wall_time_ms');
  const lastExecuted = count(row, 'last_executed');
  return {
    query,
    interval: count(row, 'interval'),
    executions: count(row, 'executions'),
    lastExecuted: lastExecuted > 0 ? lastExecuted : null,
    denylisted: flag(row, 'denylisted'),
    outputSize: count(row, 'output_size'),
    // osquery < 5.3 has only wall_time, in seconds.
    wallTimeMs: wallTimeMs > 0 ? wallTimeMs : count(row, 'wall_time') * 1000,
    userTime: count(row, 'user_time'),
    systemTime: count(row, 'system_time'),
    averageMemory: count(row, 'average_memory'),
  };
}

/** The host's schedule (every row naming a pack query); non-integer counters throw 'invalid_detail_row'. */
export function ingestScheduledQueryStats(rows: readonly DetailRow[]): HostVitalsPatch {
  const stats: HostScheduledQueryStat[] = [];
  for (const row of rows) {
    const stat = statOf(row);
    if (stat) stats.push(stat);
  }
  return { scheduledQueryStats: stats };
}
