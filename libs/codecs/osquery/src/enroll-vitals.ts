import { findDetailQuery } from './detail-queries.catalog';
import type { HostVitalsPatch } from './host-vitals';
import type { OsqueryRow } from './json-values.util';

/** host_details tables ingested at enroll, in order (platform_info has nothing Fleet keeps). */
const ENROLL_TABLES = ['os_version', 'osquery_info', 'system_info'] as const;

/**
 * Vitals from an enroll request's `host_details`, through the same ingest functions as the
 * detail queries of the same names. Malformed values throw 'invalid_detail_row'.
 */
export function vitalsFromEnrollDetails(hostDetails: Readonly<Record<string, OsqueryRow>>): HostVitalsPatch {
  const patch: HostVitalsPatch = {};
  for (const table of ENROLL_TABLES) {
    const row = hostDetails[table];
    const query = findDetailQuery(table);
    if (row === undefined || query === undefined || Object.keys(row).length === 0) continue;
    Object.assign(patch, query.ingest([row]));
  }
  return patch;
}
