import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { StreamContract } from '@flotilla/contracts';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from '@flotilla/platform-health';
import type { ConsumeOptions, DurableContext, DurableHandler } from './bus';
import { DELIVERY_SLICE_MS, nextSlice, runDurableHandler } from './bus.dispatch';
import type { BusLogger } from './bus.options';
import { errorMessage, REQUEST_ID_HEADER } from './bus.wire';
import { InFlightTracker, settleWithin } from './in-flight.tracker';
import type { NatsAttachable, NatsSession } from './nats-session';

export interface NatsDurableDeps {
  logger: BusLogger;
  redelivery: BackoffOptions;
  drainTimeoutMs: number;
}

/**
 * A JetStream durable pull consumer driving a DurableHandler: explicit ack on success, nak with a
 * backoff delay on failure (so JetStream redelivers with deliveryCount + 1), term for payloads that
 * fail the schema and for the last allowed delivery, so nothing loops forever.
 */
export class NatsDurableConsumer<C extends StreamContract> implements NatsAttachable {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private generation = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new InFlightTracker();
  private readonly concurrency: number;

  constructor(
    private readonly contract: C,
    private readonly handler: DurableHandler<C>,
    private readonly opts: ConsumeOptions,
    private readonly deps: NatsDurableDeps,
  ) {
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
  }

  /** One attempt now; on failure it is logged and retried with backoff while the session lasts. */
  async attach(session: NatsSession): Promise<void> {
    const generation = ++this.generation;
    clearTimeout(this.retryTimer);
    await this.open(session, generation, 0);
  }

  async detach(): Promise<void> {
    this.stopping = true;
    this.generation++;
    clearTimeout(this.retryTimer);
    const closing = this.messages?.close().catch(() => undefined);
    await this.inFlight.idle(this.deps.drainTimeoutMs);
    await settleWithin(Promise.all([closing, this.loop]), this.deps.drainTimeoutMs);
  }

  private async open(session: NatsSession, generation: number, attempt: number): Promise<void> {
    if (this.stopping || generation !== this.generation) return;
    try {
      await session.streams.ensureStream(this.contract);
      await session.streams.ensureConsumer(this.contract.stream, this.opts);
      const consumer = await session.js.consumers.get(this.contract.stream, this.opts.durable);
      const messages = await consumer.consume({ max_messages: this.concurrency });
      if (this.stopping || generation !== this.generation) {
        await messages.close();
        return;
      }
      this.messages = messages;
      this.loop = this.run(messages, session, generation);
    } catch (err) {
      this.deps.logger.error('could not start durable consumer; retrying', {
        stream: this.contract.stream,
        durable: this.opts.durable,
        error: errorMessage(err),
      });
      this.retryTimer = setTimeout(() => void this.open(session, generation, attempt + 1), backoffDelay(attempt, DEFAULT_BACKOFF));
    }
  }

  private async run(messages: ConsumerMessages, session: NatsSession, generation: number): Promise<void> {
    try {
      let slice = performance.now();
      for await (const m of messages) {
        // Messages buffered when we stop go straight back to the server for the next consumer.
        if (this.stopping) {
          m.nak();
          continue;
        }
        await this.inFlight.below(this.concurrency);
        if (this.stopping) {
          m.nak();
          continue;
        }
        void this.inFlight.run(() => this.process(m));
        // A pulled batch is buffered: without this, its messages would all start in one task.
        if (performance.now() - slice >= DELIVERY_SLICE_MS) {
          await nextSlice();
          slice = performance.now();
        }
      }
    } catch (err) {
      if (this.stopping || generation !== this.generation) return;
      this.deps.logger.error('durable consumer stopped; restarting', { stream: this.contract.stream, durable: this.opts.durable, error: errorMessage(err) });
      session.streams.forget(this.contract.stream);
      this.retryTimer = setTimeout(() => void this.open(session, generation, 1), backoffDelay(0, DEFAULT_BACKOFF));
    }
  }

  private async process(m: JsMsg): Promise<void> {
    const requestId = m.headers?.get(REQUEST_ID_HEADER);
    const ctx: DurableContext = {
      subject: m.subject,
      seq: m.seq,
      deliveryCount: m.info.deliveryCount,
      ...(requestId ? { requestId } : {}),
    };
    const outcome = await runDurableHandler(this.contract, this.handler, m.string(), ctx, this.deps.logger);
    if (outcome === 'ack') {
      m.ack();
    } else if (outcome === 'term') {
      // No reason text: servers before 2.10 only recognise a bare +TERM.
      m.term();
    } else if (this.opts.maxDeliver !== undefined && this.opts.maxDeliver > 0 && ctx.deliveryCount >= this.opts.maxDeliver) {
      this.deps.logger.warn('dropped a message after max deliveries', {
        stream: this.contract.stream,
        durable: this.opts.durable,
        seq: ctx.seq,
        deliveries: ctx.deliveryCount,
        reason: 'handler failed',
      });
      m.term();
    } else {
      m.nak(backoffDelay(ctx.deliveryCount - 1, this.deps.redelivery));
    }
  }
}
