import type { HostEntity, QueryResultEntity } from '@flotilla/platform-db';
import { fleetTime } from '../hosts/host-view.mapper';
import { NAME_ORDER } from '../common/list-order';

/** One row of a query report: a host's row, with the host and when it ran the query. */
export interface FleetReportRow {
  host_id: number;
  host_name: string;
  last_fetched: string;
  columns: Record<string, string>;
}

/** `GET /queries/:id/report` (Fleet 4.86 also names the query `report_id`). */
export interface FleetQueryReport {
  query_id: number;
  report_id: number;
  report_clipped: boolean;
  results: FleetReportRow[];
}

/** `GET /hosts/:id/queries/:query_id`: one host's stored rows of one query. */
export interface FleetHostQueryReport {
  query_id: number;
  report_id: number;
  host_id: number;
  host_name: string;
  host_team_id: number | null;
  last_fetched: string | null;
  report_clipped: boolean;
  results: Array<{ columns: Record<string, string> }>;
}

/** A stored result with the few host fields a report shows. */
export type ReportResult = Pick<QueryResultEntity, 'hostId' | 'lastFetched' | 'clipped' | 'rows'> & { host: Pick<HostEntity, 'hostname' | 'computerName' | 'teamId'> };

export interface ReportOrder {
  /** host_id, host_name, last_fetched, or a result column. */
  key: string;
  direction: 'asc' | 'desc';
}

/** A host's name as Fleet shows it (display name: computer name, else hostname). */
export const hostDisplayName = (h: Pick<HostEntity, 'hostname' | 'computerName'>): string => h.computerName || h.hostname;

const NUMBER = /^-?\d+(?:\.\d+)?$/;

function compareCells(a: string | number | undefined, b: string | number | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = a === undefined ? '' : String(a);
  const y = b === undefined ? '' : String(b);
  if (NUMBER.test(x) && NUMBER.test(y)) return Number(x) - Number(y);
  return NAME_ORDER.compare(x, y);
}

function orderValue(row: FleetReportRow, key: string): string | number | undefined {
  if (key === 'host_id') return row.host_id;
  if (key === 'host_name') return row.host_name;
  if (key === 'last_fetched') return row.last_fetched;
  return row.columns[key];
}

/**
 * Fleet's query report body: one entry per row per host (hosts in id order, rows as stored,
 * unless `order` sorts them — ties keep that order), clipped if any host's result was.
 */
export function toFleetQueryReport(queryId: number, results: readonly ReportResult[], order?: ReportOrder): FleetQueryReport {
  const sorted = [...results].sort((a, b) => a.hostId - b.hostId);
  const rows = sorted.flatMap((r) => {
    const base = { host_id: r.hostId, host_name: hostDisplayName(r.host), last_fetched: fleetTime(r.lastFetched) };
    return r.rows.map((columns) => ({ ...base, columns }));
  });
  if (order) {
    const sign = order.direction === 'desc' ? -1 : 1;
    rows.sort((a, b) => sign * compareCells(orderValue(a, order.key), orderValue(b, order.key)));
  }
  return { query_id: queryId, report_id: queryId, report_clipped: results.some((r) => Boolean(r.clipped)), results: rows };
}

/** One host's stored result of a query (`null`: the host has not reported it). */
export function toFleetHostQueryReport(queryId: number, host: Pick<HostEntity, 'id' | 'hostname' | 'computerName' | 'teamId'>, result: Pick<QueryResultEntity, 'lastFetched' | 'clipped' | 'rows'> | null): FleetHostQueryReport {
  return {
    query_id: queryId,
    report_id: queryId,
    host_id: host.id,
    host_name: hostDisplayName(host),
    host_team_id: host.teamId,
    last_fetched: result ? fleetTime(result.lastFetched) : null,
    report_clipped: Boolean(result?.clipped),
    results: (result?.rows ?? []).map((columns) => ({ columns })),
  };
}
