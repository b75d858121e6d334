import { describeValue, isRecord, JsonRecord, numberish, OsqueryRow, scalarToString, toRow, toRows } from './json-values.util';
import { osqueryError } from './osquery.errors';

/** Fields every result log line carries. */
export interface ResultLineBase {
  /** Scheduled query name, e.g. `pack/Global/usb_devices` or `pack/team-7/ports`. */
  name: string;
  hostIdentifier: string;
  calendarTime: string;
  unixTime: number;
  epoch: number;
  counter: number;
  numerics: boolean;
  decorations: OsqueryRow;
  /** The line exactly as received (forward this to log destinations). */
  raw: JsonRecord;
}

/** Differential event format: one changed row per line (also `action:"snapshot"` with `--logger_snapshot_event_type`). */
export interface EventResultLine extends ResultLineBase {
  kind: 'event';
  action: 'added' | 'removed' | 'snapshot';
  columns: OsqueryRow;
}

/** Snapshot format: every row of one run of a snapshot query. */
export interface SnapshotResultLine extends ResultLineBase {
  kind: 'snapshot';
  snapshot: OsqueryRow[];
}

/** Differential batch format (`--logger_event_type=false`): one line per run. */
export interface BatchResultLine extends ResultLineBase {
  kind: 'batch';
  diffResults: { added: OsqueryRow[]; removed: OsqueryRow[] };
}

/** One parsed result log line. */
export type ResultLine = EventResultLine | SnapshotResultLine | BatchResultLine;

const EVENT_ACTIONS = new Set(['added', 'removed', 'snapshot']);

function stringField(line: JsonRecord, field: string): string {
  const value = line[field];
  if (value === undefined || value === null) return '';
  const text = scalarToString(value);
  if (text === undefined) throw osqueryError('invalid_line', `${field} must be a string, got ${describeValue(value)}`);
  return text;
}

function booleanField(line: JsonRecord, field: string): boolean {
  const value = line[field];
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  throw osqueryError('invalid_line', `${field} must be a boolean, got ${describeValue(value)}`);
}

/** Decorations: an object of scalars (absent → {}). */
export function decorationsOf(line: JsonRecord): OsqueryRow {
  const value = line['decorations'];
  if (value === undefined || value === null) return {};
  return toRow(value, 'decorations', 'invalid_line');
}

function baseOf(line: JsonRecord): ResultLineBase {
  const name = line['name'];
  if (typeof name !== 'string' || name === '') throw osqueryError('missing_field', 'result line has no name');
  return {
    name,
    hostIdentifier: stringField(line, 'hostIdentifier'),
    calendarTime: stringField(line, 'calendarTime'),
    unixTime: numberish(line, 'unixTime', 'invalid_line'),
    epoch: numberish(line, 'epoch', 'invalid_line'),
    counter: numberish(line, 'counter', 'invalid_line'),
    numerics: booleanField(line, 'numerics'),
    decorations: decorationsOf(line),
    raw: line,
  };
}

function diffRows(diff: JsonRecord, field: 'added' | 'removed'): OsqueryRow[] {
  const value = diff[field];
  if (value === undefined || value === null || value === '') return [];
  return toRows(value, `diffResults.${field}`, 'invalid_line');
}

/**
 * Parses one result log line in any of osquery's three shapes (event, snapshot, batch); numbers
 * or strings accepted for unixTime/epoch/counter, column values kept as strings.
 * No `name` → 'missing_field'; anything else malformed → 'invalid_line'.
 */
export function parseResultLine(line: unknown): ResultLine {
  if (!isRecord(line)) throw osqueryError('invalid_line', `result line must be a JSON object, got ${describeValue(line)}`);
  const base = baseOf(line);
  const diff = line['diffResults'];
  if (diff !== undefined && diff !== null) {
    if (!isRecord(diff)) throw osqueryError('invalid_line', `diffResults must be an object, got ${describeValue(diff)}`);
    return { ...base, kind: 'batch', diffResults: { added: diffRows(diff, 'added'), removed: diffRows(diff, 'removed') } };
  }
  const action = line['action'];
  const snapshot = line['snapshot'];
  if (snapshot !== undefined && snapshot !== null && (action === undefined || action === 'snapshot')) {
    return { ...base, kind: 'snapshot', snapshot: toRows(snapshot, 'snapshot', 'invalid_line') };
  }
  if (typeof action === 'string' && EVENT_ACTIONS.has(action) && line['columns'] !== undefined) {
    return { ...base, kind: 'event', action: action as EventResultLine['action'], columns: toRow(line['columns'], 'columns', 'invalid_line') };
  }
  if (action !== undefined && !(typeof action === 'string' && EVENT_ACTIONS.has(action))) {
    throw osqueryError('invalid_line', `action must be "added", "removed" or "snapshot", got ${typeof action === 'string' ? `"${action.slice(0, 40)}"` : describeValue(action)}`);
  }
  throw osqueryError('invalid_line', `result line ${base.name} has none of columns, snapshot or diffResults`);
}

/**
 * Rebuilds snapshot-format lines from event-format `action:"snapshot"` lines
 * (`--logger_snapshot_event_type=true`): lines of the same name, host and unixTime become one
 * snapshot line at the position of the first; every other line passes through in order.
 */
export function eventsToSnapshot(lines: readonly ResultLine[]): ResultLine[] {
  const merged = new Map<string, SnapshotResultLine>();
  const out: ResultLine[] = [];
  for (const line of lines) {
    if (line.kind !== 'event' || line.action !== 'snapshot') {
      out.push(line);
      continue;
    }
    const key = `${line.name}\u0000${line.hostIdentifier}\u0000${line.unixTime}`;
    const existing = merged.get(key);
    if (existing) {
      existing.snapshot.push(line.columns);
      continue;
    }
    const { columns, action: _action, kind: _kind, raw, ...base } = line;
    const { columns: _rawColumns, ...rawBase } = raw;
    const snapshot: OsqueryRow[] = [columns];
    const rebuilt: SnapshotResultLine = { ...base, kind: 'snapshot', snapshot, raw: { ...rawBase, action: 'snapshot', snapshot } };
    merged.set(key, rebuilt);
    out.push(rebuilt);
  }
  return out;
}
