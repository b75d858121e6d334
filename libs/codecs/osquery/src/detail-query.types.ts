import type { HostVitalsPatch } from './host-vitals';

/** One row of a detail query answer (values are strings). */
export type DetailRow = Readonly<Record<string, string>>;

/** A Fleet-compatible detail query: sent as `fleet_detail_query_<name>`, answered rows → a vitals patch. */
export interface DetailQuery {
  /** Name without the `fleet_detail_query_` prefix. */
  readonly name: string;
  /** What it collects, one line. */
  readonly description: string;
  /** SQL osquery runs. */
  readonly sql: string;
  /** Discovery SQL: the query only runs when this returns a row (otherwise send `SELECT 1`). */
  readonly discovery?: string;
  /** Host platforms (`os_version.platform`) that get it, or 'all'. */
  readonly platforms: 'all' | readonly string[];
  /** Turns the answer rows into a vitals patch; malformed values throw 'invalid_detail_row'. */
  readonly ingest: (rows: readonly DetailRow[]) => HostVitalsPatch;
}
