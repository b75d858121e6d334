import { OSQUERY_LOGS } from '@flotilla/contracts';
import type { Bus, BusSubscription } from '@flotilla/platform-bus';
import type { Logger } from '@flotilla/platform-logging';
import type { LogShipperSettings, LogType } from '../config/log-shipper.config';
import type { LogDestination } from '../destinations/log-destination';
import { DEFAULT_DELIVERY_POLICY, DeliveryPolicy, DeliveryRunner } from './delivery.runner';
import { LogBatcher } from './log-batcher';
import { logRecords, OsqueryLogMessage } from './log-records';
import type { LogShipperMetrics } from './log-shipper.metrics';

/**
 * How a consumer holds its messages.
 *
 * Retries: a failed batch is retried inside the handler (DeliveryRunner: backoff with jitter,
 * Retry-After, only refused records again) for at most `budgetMs`, then the handler throws and
 * the bus naks: the stream redelivers each message after its own growing backoff, and the next
 * delivery starts a new budget. Both halves matter. Retrying in the handler keeps a batch
 * together and honours Retry-After (a nak's delay is the bus's, not the destination's); giving the
 * messages back after a bounded time means a long outage holds no memory, survives a restart,
 * and never outlives the ack wait — a message whose ack wait expired mid-retry would be delivered
 * a second time while the first delivery still runs.
 *
 * So `ackWaitMs` must exceed everything a message can live through before its handler settles:
 * waiting client-side for a free slot (NATS hands a pull consumer up to `concurrency` messages, and
 * the ack wait runs from then) for one whole handler round, plus its own round. A round ends by
 * its deadline, `budgetMs` after the handler started, batching wait included (no attempt starts
 * without time left, and none outlives the deadline by more than a moment): 30 s covers 2 × 10 s
 * with room to spare. It is also how long the messages a crashed process held wait before the
 * stream hands them to another, so it should not be longer than that.
 */
export interface ConsumerTiming {
  ackWaitMs: number;
  budgetMs: number;
  /** Messages in hand at once: how many can share a batch. */
  concurrency: number;
}

export const DEFAULT_CONSUMER_TIMING: ConsumerTiming = { ackWaitMs: 30_000, budgetMs: 10_000, concurrency: 32 };

/**
 * One durable consumer of OSQUERY_LOGS for one destination (`log-shipper-<destination>`), so a
 * slow or unreachable destination holds back no other. A message of a log type this destination
 * does not ship is acknowledged at once; the others are turned into records (dedupe id, optional
 * snapshot format), batched with other messages' records, and acknowledged only once the
 * destination accepted every one of them.
 */
export class DestinationConsumer {
  readonly durable: string;
  private readonly runner: DeliveryRunner;
  private readonly batcher: LogBatcher;

  constructor(
    readonly destination: LogDestination,
    private readonly logTypes: ReadonlySet<LogType>,
    private readonly settings: Pick<LogShipperSettings, 'idField' | 'snapshotFormat' | 'batch'>,
    private readonly metrics: LogShipperMetrics,
    logger: Logger,
    private readonly timing: ConsumerTiming = DEFAULT_CONSUMER_TIMING,
    policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
  ) {
    this.durable = `log-shipper-${destination.name}`;
    this.runner = new DeliveryRunner(destination, metrics, logger.child({ destination: destination.name }), policy);
    const limits = destination.limits ?? {};
    this.batcher = new LogBatcher(
      {
        maxLines: Math.min(settings.batch.maxLines, limits.maxLines ?? Infinity),
        maxBytes: Math.min(settings.batch.maxBytes, limits.maxBytes ?? Infinity),
        maxWaitMs: settings.batch.maxWaitMs,
        slots: timing.concurrency,
      },
      (batch, deadline) => this.runner.deliver(batch, deadline),
    );
  }

  /** Resolve → ack, throw → redelivery (the bus's DurableHandler contract). */
  async handle(message: OsqueryLogMessage): Promise<void> {
    if (!this.logTypes.has(message.logType) || message.lines.length === 0) return;
    const records = logRecords(message, { idField: this.settings.idField, snapshotFormat: this.settings.snapshotFormat });
    await this.batcher.add(message.logType, { records, receivedAt: message.receivedAt, deadline: Date.now() + this.timing.budgetMs });
    const receivedAt = Date.parse(message.receivedAt);
    if (!Number.isNaN(receivedAt)) this.metrics.lag.set({ destination: this.destination.name }, Math.max(0, (Date.now() - receivedAt) / 1000));
  }

  consume(bus: Bus): Promise<BusSubscription> {
    return bus.consume(OSQUERY_LOGS, (message) => this.handle(message), {
      durable: this.durable,
      ackWaitMs: this.timing.ackWaitMs,
      concurrency: this.timing.concurrency,
    });
  }

  /** Shutdown, first step: send what is gathered and stop retrying, so in-flight handlers settle quickly. */
  stop(): void {
    this.batcher.flushAll();
    this.runner.stop();
  }
}
