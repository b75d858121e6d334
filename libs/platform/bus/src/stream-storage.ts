import type { StoredMessage } from './in-process-consumer';

export interface PersistedMessage extends StoredMessage {
  msgId: string | undefined;
}

export interface LoadedStream {
  /** Oldest first, with contiguous sequences. */
  messages: PersistedMessage[];
  /** Highest sequence ever assigned (kept even when every message has been deleted). */
  lastSeq: number;
}

/**
 * Where an in-process stream keeps its messages and its consumers' ack floors across restarts.
 * The stream and consumer keep every semantic (and a copy of the messages) in memory; storage
 * only records what must survive the process.
 */
export interface StreamStorage {
  /** False: nothing survives the process, so callers can skip the bookkeeping. */
  readonly persistent: boolean;
  load(stream: string): LoadedStream;
  append(stream: string, message: PersistedMessage): void;
  /** Deletes messages below `firstSeq`; `lastSeq` is remembered so sequences never restart. */
  deleteBefore(stream: string, firstSeq: number, lastSeq: number): void;
  /** Highest sequence below which (inclusive) the durable consumer acked everything. */
  ackFloor(stream: string, durable: string): number | undefined;
  saveAckFloor(stream: string, durable: string, floor: number): void;
  close(): void;
}

/** Memory only (tests, and a bus given no directory): a restart loses every stream. */
export const EPHEMERAL_STREAM_STORAGE: StreamStorage = {
  persistent: false,
  load: () => ({ messages: [], lastSeq: 0 }),
  append: () => undefined,
  deleteBefore: () => undefined,
  ackFloor: () => undefined,
  saveAckFloor: () => undefined,
  close: () => undefined,
};
