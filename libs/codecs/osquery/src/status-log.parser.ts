import { decorationsOf } from './result-log.parser';
import { describeValue, isRecord, JsonRecord, numberish, scalarToString } from './json-values.util';
import { osqueryError } from './osquery.errors';

/** glog severities osquery writes: 0 INFO, 1 WARNING, 2 ERROR, 3 FATAL. */
export type StatusSeverity = 0 | 1 | 2 | 3;

/** One parsed status log line (osquery's own glog output). */
export interface StatusLine {
  hostIdentifier: string;
  calendarTime: string;
  unixTime: number;
  severity: StatusSeverity;
  filename: string;
  line: number;
  message: string;
  version: string;
  decorations: Record<string, string>;
  /** The line exactly as received. */
  raw: JsonRecord;
}

function text(line: JsonRecord, field: string): string {
  const value = line[field];
  if (value === undefined || value === null) return '';
  const s = scalarToString(value);
  if (s === undefined) throw osqueryError('invalid_line', `${field} must be a string, got ${describeValue(value)}`);
  return s;
}

/** Parses one status log line; severity may be a number or a string ("0"…"3"), otherwise 'invalid_line'. */
export function parseStatusLine(line: unknown): StatusLine {
  if (!isRecord(line)) throw osqueryError('invalid_line', `status line must be a JSON object, got ${describeValue(line)}`);
  const severity = numberish(line, 'severity', 'invalid_line');
  if (!Number.isInteger(severity) || severity < 0 || severity > 3) {
    throw osqueryError('invalid_line', `severity must be 0, 1, 2 or 3, got ${severity}`);
  }
  return {
    hostIdentifier: text(line, 'hostIdentifier'),
    calendarTime: text(line, 'calendarTime'),
    unixTime: numberish(line, 'unixTime', 'invalid_line'),
    severity: severity as StatusSeverity,
    filename: text(line, 'filename'),
    line: numberish(line, 'line', 'invalid_line'),
    message: text(line, 'message'),
    version: text(line, 'version'),
    decorations: decorationsOf(line),
    raw: line,
  };
}
