import { eventsToSnapshot, isOsqueryCodecError, parseResultLine, parseScheduledQueryName, type OsqueryRow, type ResultLine, type ScheduledQueryRef } from '@flotilla/codec-osquery';
import { storesReport, type CatalogQuery } from './saved-query.catalog';

/** One host's latest result of one saved query, ready to store. */
export interface HostQueryReport {
  queryId: number;
  /** When the host ran the query (the line's unixTime, whole seconds). */
  lastFetched: Date;
  /** The rows kept (at most the cap). */
  rows: OsqueryRow[];
  /** Rows the host sent. */
  rowCount: number;
  clipped: boolean;
  /**
   * Rebuilt from event-format lines (`--logger_snapshot_event_type`): osquery may split such a run
   * over several log requests, so another part of the same run (same lastFetched) adds to it.
   */
  partial: boolean;
}

export interface BuiltReports {
  /** The newest result per query in the chunk. */
  reports: HostQueryReport[];
  /** Lines that are not result lines (skipped). */
  malformed: number;
}

/** Latest plausible unixTime (year 5138): anything later is a broken clock or a broken line. */
const MAX_UNIX_TIME = 1e11;

const runKey = (line: ResultLine): string => `${line.name}\u0000${line.hostIdentifier}\u0000${line.unixTime}`;

/**
 * The report rows in one chunk of a host's result log: snapshot lines (and event-format
 * `action:"snapshot"` lines regrouped into snapshots) of saved queries that keep a report
 * (snapshot logging, discard_data off), newest per query, capped at `maxRows` rows. Differential
 * lines, legacy packs, unknown queries and malformed lines are left out.
 */
export function buildQueryReports(lines: readonly unknown[], find: (ref: ScheduledQueryRef) => CatalogQuery | undefined, maxRows: number): BuiltReports {
  const parsed: ResultLine[] = [];
  let malformed = 0;
  for (const line of lines) {
    try {
      parsed.push(parseResultLine(line));
    } catch (err) {
      if (!isOsqueryCodecError(err)) throw err;
      malformed++;
    }
  }
  const fromEvents = new Set(parsed.filter((l) => l.kind === 'event' && l.action === 'snapshot').map(runKey));
  const newest = new Map<number, HostQueryReport>();
  for (const line of eventsToSnapshot(parsed)) {
    if (line.kind !== 'snapshot') continue;
    if (!Number.isSafeInteger(line.unixTime) || line.unixTime <= 0 || line.unixTime > MAX_UNIX_TIME) {
      malformed++;
      continue;
    }
    const ref = parseScheduledQueryName(line.name);
    if (ref.scope === 'unknown') continue;
    const query = find(ref);
    if (!query || !storesReport(query)) continue;
    const report: HostQueryReport = {
      queryId: query.id,
      lastFetched: new Date(line.unixTime * 1000),
      rows: line.snapshot.slice(0, maxRows),
      rowCount: line.snapshot.length,
      clipped: line.snapshot.length > maxRows,
      partial: fromEvents.has(runKey(line)),
    };
    const seen = newest.get(query.id);
    if (!seen || seen.lastFetched.getTime() <= report.lastFetched.getTime()) newest.set(query.id, report);
  }
  return { reports: [...newest.values()], malformed };
}
