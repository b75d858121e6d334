import type { LogType } from '../config/log-shipper.config';
import type { LogBatch } from '../destinations/log-destination';
import type { LogRecord } from './log-records';

export interface BatchingOptions {
  maxLines: number;
  maxBytes: number;
  /** How long the first records of a batch wait for more; 0 sends at once. */
  maxWaitMs: number;
  /**
   * How many stream messages can be in hand at once (the consumer's concurrency). When that
   * many contributions are waiting no further message can arrive, so waiting longer is pointless.
   */
  slots: number;
}

/** Sends one batch; resolves once the destination accepted all of it, by `deadline` (epoch ms) at the latest. */
export type BatchSender = (batch: LogBatch, deadline: number) => Promise<void>;

export interface Contribution {
  records: readonly LogRecord[];
  /** When osquery-ingest received the message. */
  receivedAt: string;
  /** The message's handler must settle by then (epoch ms). */
  deadline: number;
}

interface Waiter {
  /** Open or in-flight batches holding some of its records. */
  parts: number;
  failed: boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface OpenBatch {
  records: LogRecord[];
  bytes: number;
  waiters: Set<Waiter>;
  receivedAt: string;
  deadline: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Gathers the records of many stream messages (one handler call each) into batches per log type
 * and sends a batch when it is full (lines or bytes), when its oldest records have waited
 * maxWaitMs, or when every consumer slot is waiting on it. Each contribution's promise resolves
 * once every batch holding its records was delivered, and rejects as soon as one of them fails —
 * resolve means ack, reject means the message is redelivered. A message larger than a batch is
 * spread over several.
 */
export class LogBatcher {
  private readonly open = new Map<LogType, OpenBatch>();
  private waiting = 0;

  constructor(
    private readonly opts: BatchingOptions,
    private readonly send: BatchSender,
  ) {}

  add(logType: LogType, c: Contribution): Promise<void> {
    if (c.records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { parts: 0, failed: false, resolve, reject };
      this.waiting++;
      for (const record of c.records) {
        let batch = this.open.get(logType);
        if (batch && (batch.records.length >= this.opts.maxLines || batch.bytes + record.bytes > this.opts.maxBytes)) {
          this.flush(logType);
          batch = undefined;
        }
        batch ??= this.start(logType, c);
        batch.records.push(record);
        batch.bytes += record.bytes;
        batch.deadline = Math.min(batch.deadline, c.deadline);
        if (c.receivedAt < batch.receivedAt) batch.receivedAt = c.receivedAt;
        if (!batch.waiters.has(waiter)) {
          batch.waiters.add(waiter);
          waiter.parts++;
        }
      }
      const batch = this.open.get(logType);
      if (batch && (batch.records.length >= this.opts.maxLines || batch.bytes >= this.opts.maxBytes || this.opts.maxWaitMs === 0)) this.flush(logType);
      else if (this.waiting >= this.opts.slots) this.flushAll();
    });
  }

  /** Sends whatever is open now (shutdown). */
  flushAll(): void {
    for (const logType of [...this.open.keys()]) this.flush(logType);
  }

  private start(logType: LogType, c: Contribution): OpenBatch {
    const batch: OpenBatch = { records: [], bytes: 0, waiters: new Set(), receivedAt: c.receivedAt, deadline: c.deadline, timer: undefined };
    batch.timer = setTimeout(() => this.open.get(logType) === batch && this.flush(logType), this.opts.maxWaitMs);
    this.open.set(logType, batch);
    return batch;
  }

  private flush(logType: LogType): void {
    const batch = this.open.get(logType);
    if (!batch) return;
    this.open.delete(logType);
    clearTimeout(batch.timer);
    this.send({ logType, records: batch.records, receivedAt: batch.receivedAt }, batch.deadline).then(
      () => {
        for (const w of batch.waiters) if (--w.parts === 0 && !w.failed) this.settle(w);
      },
      (err: unknown) => {
        for (const w of batch.waiters) {
          w.parts--;
          if (!w.failed) this.settle(w, { err });
        }
      },
    );
  }

  /** Resolves the waiter, or rejects it when given a failure (once: later batches of a failed waiter change nothing). */
  private settle(w: Waiter, failure?: { err: unknown }): void {
    this.waiting--;
    if (!failure) {
      w.resolve();
      return;
    }
    w.failed = true;
    w.reject(failure.err);
  }
}
