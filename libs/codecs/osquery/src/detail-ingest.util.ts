import type { DetailRow } from './detail-query.types';
import { LINUX_PLATFORMS } from './host-platform';
import { osqueryError } from './osquery.errors';

/** The single row a one-row query must return; any other count → undefined (Fleet logs and skips). */
export function onlyRow(rows: readonly DetailRow[]): DetailRow | undefined {
  return rows.length === 1 ? rows[0] : undefined;
}

/** Integer column: absent → undefined, "" → 0 (Fleet's EmptyToZero), otherwise must be an integer. */
export function intColumn(row: DetailRow, column: string, query: string): number | undefined {
  const value = row[column];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return 0;
  if (!/^-?\d+$/.test(trimmed)) throw osqueryError('invalid_detail_row', `${query}: ${column} must be an integer, got "${value.slice(0, 40)}"`);
  return Number(trimmed);
}

/** Decimal column: absent → undefined, "" → 0, otherwise must be a number. */
export function floatColumn(row: DetailRow, column: string, query: string): number | undefined {
  const value = row[column];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return 0;
  const n = Number(trimmed);
  if (!Number.isFinite(n)) throw osqueryError('invalid_detail_row', `${query}: ${column} must be a number, got "${value.slice(0, 40)}"`);
  return n;
}

/** Drops undefined members so a patch only carries what the query learned. */
export function compact<T extends object>(patch: T): T {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as T;
}

/** Discovery SQL that returns a row when osquery (or an extension) provides `table`. */
export function discoveryTable(table: string): string {
  return `SELECT 1 FROM osquery_registry WHERE active = true AND registry = 'table' AND name = '${table}'`;
}

/** Linux distributions plus the given platforms. */
export function linuxAnd(...platforms: string[]): readonly string[] {
  return [...LINUX_PLATFORMS, ...platforms];
}

/** Every non-Chrome platform (osquery proper). */
export const OSQUERY_PLATFORMS: readonly string[] = linuxAnd('darwin', 'windows');
