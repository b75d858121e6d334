import type { EventContract, PayloadOf, ReplyOf, RequestContract, RequestOf, StreamContract } from '@flotilla/contracts';
import type { DependencyHealth } from '@flotilla/platform-health';
import type {
  AppendResult,
  Bus,
  BusSubscription,
  ConsumeOptions,
  DurableHandler,
  EventHandler,
  MessageContext,
  RequestHandler,
  RequestOptions,
  SubscribeOptions,
} from './bus';
import { runDurableHandler, runEventHandler, readReply, runRequestHandler } from './bus.dispatch';
import { BusError } from './bus.errors';
import { DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_PAYLOAD_BYTES, InProcessBusOptions, ResolvedBusOptions, resolveBusOptions } from './bus.options';
import { encodePayload } from './bus.wire';
import { InFlightTracker } from './in-flight.tracker';
import { ConsumerSubscriber } from './in-process-consumer';
import { CoreEndpoint, InProcessRouter } from './in-process-router';
import { InProcessStream } from './in-process-stream';
import { SqliteStreamStorage } from './sqlite-stream.storage';
import { EPHEMERAL_STREAM_STORAGE, StreamStorage } from './stream-storage';

type Reply = (body: string, error: boolean) => void;

/**
 * The standalone-mode bus: NATS core and JetStream semantics in memory (see `bus.ts`), with durable
 * streams kept in `directory` when one is given. Every payload
 * goes through the same JSON encoding and schema validation as over NATS, and every delivery is
 * asynchronous, so code that works here works distributed.
 */
export class InProcessBus implements Bus {
  private state: 'created' | 'up' | 'closed' = 'created';
  private readonly opts: ResolvedBusOptions;
  private readonly maxPayloadBytes: number;
  private readonly router = new InProcessRouter();
  private readonly streams = new Map<string, InProcessStream>();
  private readonly subscriptions = new Set<BusSubscription>();
  private readonly pendingRequests = new Set<(err: BusError) => void>();
  private readyWaiters: Array<() => void> = [];
  private storage: StreamStorage | undefined;

  constructor(private readonly busOptions: InProcessBusOptions = {}) {
    this.opts = resolveBusOptions(busOptions);
    this.maxPayloadBytes = busOptions.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  }

  async start(): Promise<void> {
    if (this.state !== 'created') return;
    this.streamStorage(); // a storage that cannot be opened fails the start
    this.state = 'up';
    for (const w of this.readyWaiters) w();
    this.readyWaiters = [];
  }

  ready(timeoutMs = 30_000): Promise<void> {
    if (this.state === 'up') return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new BusError('closed', 'bus is closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new BusError('unavailable', `bus not started after ${timeoutMs} ms`)), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  health(): DependencyHealth {
    const status = this.state === 'up' ? 'up' : this.state === 'created' ? 'starting' : 'down';
    return { name: 'bus', kind: 'in-process', status, ...(this.state === 'closed' ? { detail: 'closed' } : {}) };
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    // Like a NATS drain: in-flight handlers finish (and their replies arrive) before the rest fails.
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
    for (const reject of [...this.pendingRequests]) reject(new BusError('closed', 'bus closed before the reply arrived'));
    for (const s of this.streams.values()) s.dispose();
    this.streams.clear();
    this.router.clear();
    this.storage?.close();
  }

  async request<C extends RequestContract>(contract: C, payload: RequestOf<C>, opts: RequestOptions = {}): Promise<ReplyOf<C>> {
    this.assertUsable();
    const raw = this.encode(payload, `request on ${contract.subject}`);
    const targets = this.router.route(contract.subject);
    if (targets.length === 0) throw new BusError('no_responders', `no responders for ${contract.subject}`);
    const timeoutMs = opts.timeoutMs ?? this.opts.defaultRequestTimeoutMs;
    return new Promise<ReplyOf<C>>((resolve, reject) => {
      let done = false;
      const finish = (settle: () => void): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.pendingRequests.delete(onClose);
        settle();
      };
      const timer = setTimeout(() => finish(() => reject(new BusError('timeout', `no reply from ${contract.subject} within ${timeoutMs} ms`))), timeoutMs);
      const onClose = (err: BusError): void => finish(() => reject(err));
      this.pendingRequests.add(onClose);
      const reply: Reply = (body, error) =>
        finish(() => {
          try {
            resolve(readReply(contract, body, error));
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      this.dispatch(targets, raw, opts.requestId, reply);
    });
  }

  handle<C extends RequestContract>(contract: C, handler: RequestHandler<C>, opts: SubscribeOptions = {}): Promise<BusSubscription> {
    return this.addCore(contract.subject, opts.queue, (raw, ctx, reply) =>
      runRequestHandler(contract, handler, raw, ctx, this.opts.logger).then((r) => reply?.(r.body, r.error)),
    );
  }

  async publish<C extends EventContract>(contract: C, payload: PayloadOf<C>, opts: { requestId?: string } = {}): Promise<void> {
    this.assertUsable();
    const raw = this.encode(payload, `event on ${contract.subject}`);
    this.dispatch(this.router.route(contract.subject), raw, opts.requestId, undefined);
  }

  subscribe<C extends EventContract>(contract: C, handler: EventHandler<C>, opts: SubscribeOptions = {}): Promise<BusSubscription> {
    return this.addCore(contract.subject, opts.queue, (raw, ctx) => runEventHandler(contract, handler, raw, ctx, this.opts.logger));
  }

  async append<C extends StreamContract>(contract: C, payload: PayloadOf<C>, opts: { msgId?: string; requestId?: string } = {}): Promise<AppendResult> {
    this.assertUsable();
    const raw = this.encode(payload, `message for stream ${contract.stream}`);
    return this.stream(contract).append(raw, opts.msgId, opts.requestId);
  }

  async consume<C extends StreamContract>(contract: C, handler: DurableHandler<C>, opts: ConsumeOptions): Promise<BusSubscription> {
    this.assertOpen();
    const consumer = this.stream(contract).consumer(opts.durable, {
      ackWaitMs: opts.ackWaitMs ?? DEFAULT_ACK_WAIT_MS,
      maxDeliver: opts.maxDeliver ?? -1,
    });
    const inFlight = new InFlightTracker();
    const subscriber: ConsumerSubscriber = {
      concurrency: opts.concurrency ?? 1,
      inFlight,
      handle: ({ message, deliveryCount }) =>
        runDurableHandler(
          contract,
          handler,
          message.raw,
          { subject: contract.subject, deliveryCount, seq: message.seq, ...(message.requestId !== undefined ? { requestId: message.requestId } : {}) },
          this.opts.logger,
        ),
    };
    consumer.attach(subscriber);
    return this.track(async () => {
      consumer.detach(subscriber);
      await inFlight.idle(this.opts.drainTimeoutMs);
    });
  }

  private async addCore(
    subject: string,
    queue: string | undefined,
    run: (raw: string, ctx: MessageContext, reply: Reply | undefined) => Promise<void>,
  ): Promise<BusSubscription> {
    this.assertOpen();
    const inFlight = new InFlightTracker();
    let active = true;
    const endpoint: CoreEndpoint = {
      queue,
      deliver: (raw, requestId, reply) => {
        if (!active) return;
        void inFlight.run(() => run(raw, { subject, ...(requestId !== undefined ? { requestId } : {}) }, reply));
      },
    };
    this.router.add(subject, endpoint);
    return this.track(async () => {
      active = false;
      this.router.remove(subject, endpoint);
      await inFlight.idle(this.opts.drainTimeoutMs);
    });
  }

  /** Hands a message to each target on a later tick: handlers never run inside publish/request. */
  private dispatch(targets: CoreEndpoint[], raw: string, requestId: string | undefined, reply: Reply | undefined): void {
    for (const target of targets) setImmediate(() => target.deliver(raw, requestId, reply));
  }

  private track(stop: () => Promise<void>): BusSubscription {
    let stopped: Promise<void> | undefined;
    const sub: BusSubscription = {
      unsubscribe: () => {
        this.subscriptions.delete(sub);
        stopped ??= stop();
        return stopped;
      },
    };
    this.subscriptions.add(sub);
    return sub;
  }

  private stream(contract: StreamContract): InProcessStream {
    let stream = this.streams.get(contract.stream);
    if (!stream) {
      stream = new InProcessStream({
        name: contract.stream,
        maxAgeMs: contract.maxAgeMs,
        duplicateWindowMs: this.opts.duplicateWindowMs,
        redelivery: this.opts.redeliveryBackoff,
        logger: this.opts.logger,
        storage: this.streamStorage(),
      });
      this.streams.set(contract.stream, stream);
    }
    return stream;
  }

  /** Opened on first use: consumers may attach before start(). */
  private streamStorage(): StreamStorage {
    const dir = this.busOptions.directory;
    this.storage ??= dir === undefined ? EPHEMERAL_STREAM_STORAGE : new SqliteStreamStorage(dir);
    return this.storage;
  }

  private encode(payload: unknown, what: string): string {
    const raw = encodePayload(payload, what);
    const size = Buffer.byteLength(raw);
    if (size > this.maxPayloadBytes) throw new BusError('invalid_payload', `${what} is ${size} bytes, more than the ${this.maxPayloadBytes} allowed`);
    return raw;
  }

  private assertOpen(): void {
    if (this.state === 'closed') throw new BusError('closed', 'bus is closed');
  }

  private assertUsable(): void {
    this.assertOpen();
    if (this.state !== 'up') throw new BusError('unavailable', 'bus not started');
  }
}
