import { osqueryError, OsqueryErrorCode } from './osquery.errors';

/** A parsed JSON object. */
export type JsonRecord = Record<string, unknown>;

/** One osquery result row: every column as a string (numbers from `logger_numerics` are stringified). */
export type OsqueryRow = Record<string, string>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Scalars become strings the way osquery would have written them; objects/arrays are refused (undefined). */
export function scalarToString(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return value === null ? '' : undefined;
  }
}

/** Converts one JSON object into a string row, or throws `code` naming `field`. */
export function toRow(value: unknown, field: string, code: OsqueryErrorCode): OsqueryRow {
  if (!isRecord(value)) throw osqueryError(code, `${field} must be an object of column values, got ${describeValue(value)}`);
  const entries: Array<[string, string]> = [];
  for (const [column, cell] of Object.entries(value)) {
    const text = scalarToString(cell);
    if (text === undefined) throw osqueryError(code, `${field}.${column} must be a scalar column value, got ${describeValue(cell)}`);
    entries.push([column, text]);
  }
  return Object.fromEntries(entries);
}

/** Converts a JSON array of objects into rows, or throws `code` naming the offending element. */
export function toRows(value: unknown, field: string, code: OsqueryErrorCode): OsqueryRow[] {
  if (!Array.isArray(value)) throw osqueryError(code, `${field} must be an array of rows, got ${describeValue(value)}`);
  return value.map((row, i) => toRow(row, `${field}[${i}]`, code));
}

/** Reads an optional string field; `null`/absent → undefined; other types throw `code`. */
export function optionalString(body: JsonRecord, field: string, code: OsqueryErrorCode): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw osqueryError(code, `${field} must be a string, got ${describeValue(value)}`);
  return value;
}

/** Accepts a JSON number or a decimal string (osquery writes both); absent → `fallback`. */
export function numberish(body: JsonRecord, field: string, code: OsqueryErrorCode, fallback = 0): number {
  const value = body[field];
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(parsed)) throw osqueryError(code, `${field} must be a number or a numeric string, got ${describeValue(value)}`);
  return parsed;
}
