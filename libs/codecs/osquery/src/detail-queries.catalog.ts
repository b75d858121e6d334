import { CORE_DETAIL_QUERIES } from './detail-queries.core.catalog';
import { UNIX_DETAIL_QUERIES } from './detail-queries.unix.catalog';
import { WINDOWS_DETAIL_QUERIES } from './detail-queries.windows.catalog';
import type { DetailQuery } from './detail-query.types';
import type { DistributedQueryResult } from './distributed-write.decoder';
import type { HostVitalsPatch } from './host-vitals';
import { isOsqueryCodecError, OsqueryCodecError } from './osquery.errors';
import { FLEET_QUERY_PREFIX } from './query-name.parser';

/** Every detail query Flotilla sends, by Fleet's names (without the `fleet_detail_query_` prefix). */
export const DETAIL_QUERIES: readonly DetailQuery[] = [...CORE_DETAIL_QUERIES, ...UNIX_DETAIL_QUERIES, ...WINDOWS_DETAIL_QUERIES];

const BY_NAME: ReadonlyMap<string, DetailQuery> = new Map(DETAIL_QUERIES.map((q) => [q.name, q]));

/** The detail queries a host of `platform` (os_version.platform) gets; unknown/empty → only the all-platform ones. */
export function detailQueriesFor(platform: string): DetailQuery[] {
  const p = platform.trim().toLowerCase();
  return DETAIL_QUERIES.filter((q) => q.platforms === 'all' || (p !== '' && q.platforms.includes(p)));
}

/** Looks a detail query up by bare name or by its distributed name (`fleet_detail_query_<name>`). */
export function findDetailQuery(name: string): DetailQuery | undefined {
  const bare = name.startsWith(FLEET_QUERY_PREFIX.detail) ? name.slice(FLEET_QUERY_PREFIX.detail.length) : name;
  return BY_NAME.get(bare);
}

/** Outcome of ingesting the detail-query answers of one distributed write. */
export interface DetailIngestOutcome {
  /** All learned fields merged in result order (later queries win on overlap). */
  patch: HostVitalsPatch;
  /** Bare names of the detail queries that were ingested. */
  ingested: string[];
  /** Detail queries osquery reported as failed (non-zero status): skipped, like Fleet. */
  failed: Array<{ name: string; status: number; message: string }>;
  /** Detail queries whose rows could not be ingested ('invalid_detail_row'). */
  rejected: Array<{ name: string; error: OsqueryCodecError }>;
}

/**
 * Ingests every `fleet_detail_query_*` result of a distributed write into one vitals patch;
 * other results (labels, policies, live queries, unknown detail names) are ignored.
 */
export function ingestDetailResults(results: readonly DistributedQueryResult[]): DetailIngestOutcome {
  const outcome: DetailIngestOutcome = { patch: {}, ingested: [], failed: [], rejected: [] };
  for (const result of results) {
    if (!result.name.startsWith(FLEET_QUERY_PREFIX.detail)) continue;
    const query = findDetailQuery(result.name);
    if (query === undefined) continue;
    if (result.status !== 0) {
      outcome.failed.push({ name: query.name, status: result.status, message: result.message });
      continue;
    }
    try {
      Object.assign(outcome.patch, query.ingest(result.rows));
      outcome.ingested.push(query.name);
    } catch (err) {
      if (!isOsqueryCodecError(err)) throw err;
      outcome.rejected.push({ name: query.name, error: err });
    }
  }
  return outcome;
}
