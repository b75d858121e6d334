import type { LogDestinationName, LogType } from '../config/log-shipper.config';
import type { LogRecord } from '../pipeline/log-records';

/** Lines of one log type, gathered from one or more stream messages, sent in one go. */
export interface LogBatch {
  logType: LogType;
  records: readonly LogRecord[];
  /** When osquery-ingest received the oldest of the batch's messages (ISO 8601). */
  receivedAt: string;
}

/** The largest request a destination's API takes, applied on top of LOG_BATCH_MAX_LINES/BYTES. */
export interface BatchLimits {
  maxLines?: number;
  maxBytes?: number;
}

/**
 * Somewhere osquery logs are delivered. `send` resolves only once the destination has accepted
 * every record of the batch (the stream messages behind it are acknowledged then); otherwise it
 * throws a LogDeliveryError — with `remaining` when only some records were refused, so a retry
 * sends just those. One attempt per call: retries and their timing belong to the DeliveryRunner.
 */
export interface LogDestination {
  readonly name: LogDestinationName;
  readonly limits?: BatchLimits;
  send(batch: LogBatch, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
