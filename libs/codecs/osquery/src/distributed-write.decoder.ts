import { bodyNodeKey } from './node-key.decoder';
import { describeValue, isRecord, JsonRecord, OsqueryRow, toRows } from './json-values.util';
import { osqueryError } from './osquery.errors';

/** osquery's per-query performance sample (`stats` map). */
export interface DistributedQueryStats {
  wallTimeMs: number;
  userTime: number;
  systemTime: number;
  memory: number;
}

/** One query's answer in a distributed write. */
export interface DistributedQueryResult {
  /** Query name as sent in distributed/read (`fleet_detail_query_os_version`, `fleet_label_query_12`…). */
  name: string;
  /** Result rows, all values as strings. Empty when the query failed or returned nothing. */
  rows: OsqueryRow[];
  /** 0 = OK, otherwise an SQLite-style error code. */
  status: number;
  /** Error text ("" on success; "distributed query is denylisted" …). */
  message: string;
  stats?: DistributedQueryStats;
}

/** A decoded `POST /api/osquery/distributed/write` body. */
export interface DistributedWriteRequest {
  nodeKey?: string;
  results: DistributedQueryResult[];
}

function optionalMap(body: JsonRecord, field: string): JsonRecord {
  const value = body[field];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw osqueryError('invalid_body', `${field} must be an object keyed by query name, got ${describeValue(value)}`);
  return value;
}

function rowsOf(value: unknown, name: string): OsqueryRow[] {
  // osquery < 2.1.2 (and failed queries) send "" instead of []: Fleet reads anything textual as no rows.
  if (value === undefined || value === null || typeof value === 'string') return [];
  return toRows(value, `queries.${name}`, 'invalid_body');
}

function statusOf(value: unknown, name: string): number {
  if (value === undefined || value === null || value === '') return 0;
  // osquery < 3 sent statuses as strings.
  const status = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(status)) throw osqueryError('invalid_body', `statuses.${name} must be an integer, got ${describeValue(value)}`);
  return status;
}

function messageOf(value: unknown, name: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw osqueryError('invalid_body', `messages.${name} must be a string, got ${describeValue(value)}`);
  return value;
}

function statNumber(stats: JsonRecord, field: string, name: string): number {
  const value = stats[field];
  if (value === undefined || value === null || value === '') return 0;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw osqueryError('invalid_body', `stats.${name}.${field} must be a number, got ${describeValue(value)}`);
  return n;
}

function statsOf(value: unknown, name: string): DistributedQueryStats | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw osqueryError('invalid_body', `stats.${name} must be an object, got ${describeValue(value)}`);
  // osquery sends {} when it took no performance sample.
  if (Object.keys(value).length === 0) return undefined;
  return {
    wallTimeMs: statNumber(value, 'wall_time_ms', name),
    userTime: statNumber(value, 'user_time', name),
    systemTime: statNumber(value, 'system_time', name),
    memory: statNumber(value, 'memory', name),
  };
}

/**
 * Decodes a distributed write (`queries`, `statuses`, `messages`, `stats` maps keyed by query name)
 * into one result per name, tolerating old-osquery shapes ("" rows, string statuses, missing
 * messages/stats). Wrong container or row types → 'invalid_body'.
 */
export function decodeDistributedWrite(json: unknown): DistributedWriteRequest {
  if (!isRecord(json)) throw osqueryError('invalid_body', `body must be a JSON object, got ${describeValue(json)}`);
  const queries = optionalMap(json, 'queries');
  const statuses = optionalMap(json, 'statuses');
  const messages = optionalMap(json, 'messages');
  const stats = optionalMap(json, 'stats');
  // A query can be reported in statuses only (failed before producing rows).
  const names = [...new Set([...Object.keys(queries), ...Object.keys(statuses)])];
  const results = names.map((name): DistributedQueryResult => {
    const result: DistributedQueryResult = {
      name,
      rows: rowsOf(queries[name], name),
      status: statusOf(statuses[name], name),
      message: messageOf(messages[name], name),
    };
    const sample = statsOf(stats[name], name);
    if (sample !== undefined) result.stats = sample;
    return result;
  });
  const request: DistributedWriteRequest = { results };
  const nodeKey = bodyNodeKey(json);
  if (nodeKey !== undefined) request.nodeKey = nodeKey;
  return request;
}
