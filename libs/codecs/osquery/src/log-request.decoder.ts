import { bodyNodeKey } from './node-key.decoder';
import { describeValue, isRecord } from './json-values.util';
import { osqueryError } from './osquery.errors';

/** The two osquery TLS logger streams. */
export type LogType = 'status' | 'result';

/** A decoded `POST /api/osquery/log` body; parse each `data` line with parseResultLine / parseStatusLine. */
export interface LogRequest {
  nodeKey?: string;
  logType: LogType;
  /** One element per log line, as osquery sent it. */
  data: unknown[];
}

/** Decodes `{node_key, log_type, data}`. Unknown `log_type` → 'invalid_log_type'; `data` not an array → 'invalid_body'. */
export function decodeLogRequest(json: unknown): LogRequest {
  if (!isRecord(json)) throw osqueryError('invalid_body', `body must be a JSON object, got ${describeValue(json)}`);
  const logType = json['log_type'];
  if (logType !== 'status' && logType !== 'result') {
    const shown = typeof logType === 'string' ? `"${logType.slice(0, 40)}"` : describeValue(logType);
    throw osqueryError('invalid_log_type', `log_type must be "status" or "result", got ${shown}`);
  }
  const data = json['data'];
  if (!Array.isArray(data)) throw osqueryError('invalid_body', `data must be an array of log lines, got ${describeValue(data)}`);
  const request: LogRequest = { logType, data };
  const nodeKey = bodyNodeKey(json);
  if (nodeKey !== undefined) request.nodeKey = nodeKey;
  return request;
}
