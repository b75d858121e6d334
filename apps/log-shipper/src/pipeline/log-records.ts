import { eventsToSnapshot, isOsqueryCodecError, parseResultLine, type ResultLine } from '@flotilla/codec-osquery';
import type { OSQUERY_LOGS, PayloadOf } from '@flotilla/contracts';

export type OsqueryLogMessage = PayloadOf<typeof OSQUERY_LOGS>;

/** One log line ready for a destination: its dedupe id and its JSON text. */
export interface LogRecord {
  /** `<batchId>:<index of the line within the stream message>`: the same for every redelivery and resend. */
  id: string;
  json: string;
  /** UTF-8 length of `json`. */
  bytes: number;
}

export interface LogRecordOptions {
  /** Top-level field that carries the id in the delivered line; undefined: none. */
  idField: string | undefined;
  /** Merge event-format snapshot lines of result logs back into snapshot lines. */
  snapshotFormat: boolean;
}

/** Carries the id through the snapshot conversion when no visible id field is configured. */
const HIDDEN_ID_FIELD = '__flotilla_log_id';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The lines of one OSQUERY_LOGS message as records. Each line gets its id as a top-level field
 * before anything else happens, so the snapshot conversion (which rebuilds a merged line from its
 * first line's fields) hands the first line's id to the merged line. Lines that are not JSON
 * objects pass unchanged (there is no field to add).
 */
export function logRecords(message: OsqueryLogMessage, opts: LogRecordOptions): LogRecord[] {
  const field = opts.idField ?? HIDDEN_ID_FIELD;
  const tagged = message.lines.map((line, i) => ({ id: `${message.batchId}:${i}`, line: isObject(line) ? { ...line, [field]: `${message.batchId}:${i}` } : line }));
  const shaped = message.logType === 'result' && opts.snapshotFormat ? asSnapshots(tagged, field) : tagged;
  return shaped.map(({ id, line }) => {
    let value = line;
    if (opts.idField === undefined && isObject(line)) {
      const { [HIDDEN_ID_FIELD]: _hidden, ...rest } = line;
      value = rest;
    }
    const json = JSON.stringify(value) ?? 'null';
    return { id, json, bytes: Buffer.byteLength(json) };
  });
}

interface Tagged {
  id: string;
  line: unknown;
}

/**
 * `eventsToSnapshot` over the lines that parse as result lines; a line that does not (osquery-ingest
 * drops those before the stream, so only a stream written by something else has them) stays in
 * place and splits the runs on either side.
 */
function asSnapshots(lines: readonly Tagged[], field: string): Tagged[] {
  const out: Tagged[] = [];
  let run: ResultLine[] = [];
  const flush = () => {
    for (const merged of eventsToSnapshot(run)) out.push({ id: String(merged.raw[field]), line: merged.raw });
    run = [];
  };
  for (const t of lines) {
    const parsed = tryParse(t.line);
    if (parsed) {
      run.push(parsed);
      continue;
    }
    flush();
    out.push(t);
  }
  flush();
  return out;
}

function tryParse(line: unknown): ResultLine | undefined {
  try {
    return parseResultLine(line);
  } catch (err) {
    if (isOsqueryCodecError(err)) return undefined;
    throw err;
  }
}
