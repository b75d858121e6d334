import { setTimeout as sleep } from 'node:timers/promises';
import { type BackoffOptions, backoffDelay } from '@flotilla/platform-health';
import type { Logger } from '@flotilla/platform-logging';
import { LogDeliveryError } from '../destinations/delivery.errors';
import type { LogBatch, LogDestination } from '../destinations/log-destination';
import type { LogShipperMetrics } from './log-shipper.metrics';

export interface DeliveryPolicy {
  /** Wait between two attempts of a batch (exponential with jitter; a longer Retry-After wins). */
  backoff: BackoffOptions;
  /** Longest single attempt. */
  attemptTimeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { backoff: { initialMs: 200, maxMs: 5_000, jitter: 0.2 }, attemptTimeoutMs: 10_000 };

/** No attempt starts with less time than this left before the deadline. */
const MIN_ATTEMPT_MS = 500;

/**
 * Delivers batches to one destination with bounded retries: attempts until the destination
 * accepts every record (after a partial refusal only the refused records go again), waiting
 * between attempts with exponential backoff plus jitter, or as long as the destination's
 * Retry-After asks — remembered for later batches too, so a throttling destination is not called
 * early by the next one. It never retries past the deadline it is given: then it throws the last
 * failure, and the stream redelivers the messages behind the batch later (see LogConsumer).
 */
export class DeliveryRunner {
  private holdUntil = 0;
  private readonly stopping = new AbortController();

  constructor(
    private readonly destination: LogDestination,
    private readonly metrics: LogShipperMetrics,
    private readonly logger: Logger,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
  ) {}

  async deliver(batch: LogBatch, deadline: number): Promise<void> {
    const destination = this.destination.name;
    const done = this.metrics.batchDuration.startTimer({ destination });
    let pending = batch;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.waitForHold(deadline);
        await this.attempt(pending, deadline);
        this.metrics.linesDelivered.inc({ destination, log_type: batch.logType }, pending.records.length);
        done();
        return;
      } catch (raw) {
        const err = LogDeliveryError.from(raw);
        this.metrics.failures.inc({ destination, reason: err.code });
        const refused = err.details.remaining;
        if (refused && refused.length < pending.records.length) {
          this.metrics.linesDelivered.inc({ destination, log_type: batch.logType }, pending.records.length - refused.length);
          pending = { ...pending, records: refused };
        }
        if (err.details.retryAfterMs !== undefined) this.holdUntil = Math.max(this.holdUntil, Date.now() + err.details.retryAfterMs);
        this.report(err, attempt, pending);
        const wait = Math.max(backoffDelay(attempt, this.policy.backoff), this.holdUntil - Date.now());
        if (this.stopping.signal.aborted || Date.now() + wait + MIN_ATTEMPT_MS > deadline) throw err;
        this.metrics.retries.inc({ destination });
        await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        if (this.stopping.signal.aborted) throw err;
      }
    }
  }

  /**
   * Shutdown: no more waiting or retrying — a batch that fails from now on fails at once and is
   * redelivered (a batch sent from now on still gets its one attempt).
   */
  stop(): void {
    this.stopping.abort();
  }

  private async waitForHold(deadline: number): Promise<void> {
    const wait = this.holdUntil - Date.now();
    if (wait <= 0) return;
    if (Date.now() + wait + MIN_ATTEMPT_MS > deadline) throw new LogDeliveryError('deferred', `the destination asked to wait ${Math.ceil(wait / 1000)} s (Retry-After)`);
    await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    if (this.stopping.signal.aborted) throw new LogDeliveryError('deferred', 'stopping while the destination asked to wait (Retry-After)');
  }

  /** One attempt, abandoned (as a timeout) when it outlives its share of the time, whatever the client library does. */
  private async attempt(batch: LogBatch, deadline: number): Promise<void> {
    const timeoutMs = Math.min(this.policy.attemptTimeoutMs, Math.max(MIN_ATTEMPT_MS, deadline - Date.now()));
    // Not cut short by stop(): an attempt that is under way may well succeed, sparing a duplicate.
    const signal = AbortSignal.timeout(timeoutMs);
    const abandoned = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error(`no answer within ${timeoutMs} ms`)), { once: true }));
    try {
      await Promise.race([this.destination.send(batch, signal), abandoned]);
    } catch (err) {
      throw LogDeliveryError.from(err, signal);
    }
  }

  private report(err: LogDeliveryError, attempt: number, batch: LogBatch): void {
    const fields = { destination: this.destination.name, logType: batch.logType, lines: batch.records.length, attempt: attempt + 1, reason: err.code, error: err.message };
    // A 4xx (other than 408/429) will not heal by itself: someone has to fix the destination or its settings.
    if (err.code === 'client_error') this.logger.error(fields, 'log destination refuses the batch; retrying until it accepts (check its URL, topic or permissions)');
    else if (attempt === 0 || attempt % 10 === 0) this.logger.warn(fields, 'log delivery failed; retrying');
  }
}
