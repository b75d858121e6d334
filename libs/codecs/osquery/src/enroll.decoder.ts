import { describeValue, isRecord, optionalString, OsqueryRow, scalarToString } from './json-values.util';
import { osqueryError } from './osquery.errors';

/** A decoded `POST /api/osquery/enroll` body. */
export interface EnrollRequest {
  /** The enroll secret (selects the team); never empty. */
  enrollSecret: string;
  /** What `--host_identifier` produced (hostname, uuid, instance id…); may be empty. */
  hostIdentifier: string;
  /** osquery's platform bitmask as a decimal string (21 macOS, 9 Linux, 2 Windows…). */
  platformType?: string;
  /** First row of os_version, osquery_info, system_info and platform_info, every value a string. */
  hostDetails: Record<string, OsqueryRow>;
}

function hostDetailsOf(value: unknown): Record<string, OsqueryRow> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw osqueryError('invalid_body', `host_details must be an object, got ${describeValue(value)}`);
  const tables: Array<[string, OsqueryRow]> = [];
  for (const [table, row] of Object.entries(value)) {
    if (row === null) continue;
    if (!isRecord(row)) throw osqueryError('invalid_body', `host_details.${table} must be an object, got ${describeValue(row)}`);
    const cells: Array<[string, string]> = [];
    for (const [column, cell] of Object.entries(row)) {
      const text = scalarToString(cell);
      if (text === undefined) throw osqueryError('invalid_body', `host_details.${table}.${column} must be a scalar, got ${describeValue(cell)}`);
      cells.push([column, text]);
    }
    tables.push([table, Object.fromEntries(cells)]);
  }
  return Object.fromEntries(tables);
}

/**
 * Decodes an enroll body. Missing/empty `enroll_secret` → 'missing_enroll_secret'; wrong types →
 * 'invalid_body'. host_details values are coerced to strings (numbers, booleans; null → "").
 */
export function decodeEnrollRequest(json: unknown): EnrollRequest {
  if (!isRecord(json)) throw osqueryError('invalid_body', `body must be a JSON object, got ${describeValue(json)}`);
  const secret = optionalString(json, 'enroll_secret', 'invalid_body');
  if (secret === undefined || secret.trim() === '') throw osqueryError('missing_enroll_secret', 'enroll_secret is missing or empty');
  const platformType = json['platform_type'];
  if (platformType !== undefined && platformType !== null && typeof platformType !== 'string' && typeof platformType !== 'number') {
    throw osqueryError('invalid_body', `platform_type must be a string, got ${describeValue(platformType)}`);
  }
  const request: EnrollRequest = {
    // osquery trims the secret file's trailing newline; be as forgiving with hand-made clients.
    enrollSecret: secret.trim(),
    hostIdentifier: optionalString(json, 'host_identifier', 'invalid_body') ?? '',
    hostDetails: hostDetailsOf(json['host_details']),
  };
  if (platformType !== undefined && platformType !== null && platformType !== '') request.platformType = String(platformType);
  return request;
}

/** Fleet's `osquery.host_identifier` setting: which value identifies an enrolling host. */
export type HostIdentifierMode = 'provided' | 'instance' | 'uuid' | 'hostname';

/**
 * The identifier to match/create the host with: the agent-provided `host_identifier`, or
 * osquery_info.instance_id / osquery_info.uuid / system_info.hostname from host_details,
 * falling back to the provided one when that detail is missing or empty (as Fleet does).
 */
export function enrollHostIdentifier(request: EnrollRequest, mode: HostIdentifierMode): string {
  const details = request.hostDetails;
  const chosen =
    mode === 'instance' ? details['osquery_info']?.['instance_id']
    : mode === 'uuid' ? details['osquery_info']?.['uuid']
    : mode === 'hostname' ? details['system_info']?.['hostname']
    : undefined;
  return chosen?.trim() ? chosen : request.hostIdentifier;
}
