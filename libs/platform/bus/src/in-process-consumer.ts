import { BackoffOptions, backoffDelay } from '@flotilla/platform-health';
import { DELIVERY_SLICE_MS, type DeliveryOutcome } from './bus.dispatch';
import type { BusLogger } from './bus.options';
import { InFlightTracker } from './in-flight.tracker';

export interface StoredMessage {
  seq: number;
  raw: string;
  requestId: string | undefined;
  storedAt: number;
}

/** What a consumer needs from its stream. */
export interface MessageSource {
  readonly name: string;
  get(seq: number): StoredMessage | undefined;
  firstSeq(): number;
  lastSeq(): number;
}

export interface Delivery {
  message: StoredMessage;
  deliveryCount: number;
}

export interface ConsumerSubscriber {
  readonly concurrency: number;
  readonly inFlight: InFlightTracker;
  handle(delivery: Delivery): Promise<DeliveryOutcome>;
}

export interface ConsumerSettings {
  ackWaitMs: number;
  /** -1 or 0: unlimited. */
  maxDeliver: number;
}

/** Where a durable consumer's ack floor survives a restart (the highest seq with everything up to it acked). */
export interface AckFloorStore {
  load(): number | undefined;
  save(floor: number): void;
}

/** Ack floors are written at most this often: a crash redelivers what was acked since, never loses it. */
const FLOOR_SAVE_DELAY_MS = 200;

interface Pending {
  deliveries: number;
  timer: NodeJS.Timeout | undefined;
  /** In `due`, waiting for a free subscriber. */
  queued: boolean;
}

/**
 * A durable consumer kept in memory with JetStream's semantics: a position that survives
 * unsubscribe/re-subscribe under the same durable name, explicit ack, redelivery on nak (after a
 * backoff) or when ack-wait expires, max-deliver, and work shared between the subscribers that are
 * attached under the same name at the same time.
 */
export class InProcessConsumer {
  /** Next never-delivered sequence. */
  private nextSeq: number;
  private readonly pending = new Map<number, Pending>();
  /** Sequences due for redelivery, oldest first. */
  private readonly due: number[] = [];
  private subscribers: ConsumerSubscriber[] = [];
  private rr = 0;
  private scheduled = false;
  private disposed = false;
  private savedFloor: number;
  private floorTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: MessageSource,
    readonly durable: string,
    private settings: ConsumerSettings,
    private readonly redelivery: BackoffOptions,
    private readonly logger: BusLogger,
    private readonly floors?: AckFloorStore,
  ) {
    // Like JetStream's DeliverAll for a new durable; an existing one resumes above its ack floor.
    this.savedFloor = floors?.load() ?? 0;
    this.nextSeq = Math.max(source.firstSeq(), this.savedFloor + 1);
  }

  /** Like a JetStream consumer update: the latest subscriber's settings apply. */
  configure(settings: ConsumerSettings): void {
    this.settings = settings;
  }

  attach(sub: ConsumerSubscriber): void {
    this.subscribers.push(sub);
    this.notify();
  }

  detach(sub: ConsumerSubscriber): void {
    this.subscribers = this.subscribers.filter((s) => s !== sub);
  }

  /** New messages (or free capacity): schedule a delivery round, never synchronously. */
  notify(): void {
    if (this.scheduled || this.disposed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  dispose(): void {
    this.saveFloor();
    this.disposed = true;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.subscribers = [];
  }

  /** Delivers while subscribers have capacity, in slices of DELIVERY_SLICE_MS (the rest in the next round). */
  private pump(): void {
    if (this.disposed) return;
    const started = performance.now();
    for (;;) {
      const sub = this.freeSubscriber();
      if (!sub) return;
      const message = this.nextMessage();
      if (!message) return;
      this.deliver(sub, message);
      if (performance.now() - started >= DELIVERY_SLICE_MS) {
        this.notify();
        return;
      }
    }
  }

  private freeSubscriber(): ConsumerSubscriber | undefined {
    const n = this.subscribers.length;
    for (let i = 0; i < n; i++) {
      const sub = this.subscribers[(this.rr + i) % n];
      if (sub && sub.inFlight.size < Math.max(1, sub.concurrency)) {
        this.rr = (this.rr + i + 1) % n;
        return sub;
      }
    }
    return undefined;
  }

  private nextMessage(): StoredMessage | undefined {
    for (let seq = this.due.shift(); seq !== undefined; seq = this.due.shift()) {
      if (!this.pending.has(seq)) continue;
      const message = this.source.get(seq);
      if (message) return message;
      this.forget(seq); // aged out of the stream
    }
    this.nextSeq = Math.max(this.nextSeq, this.source.firstSeq());
    while (this.nextSeq <= this.source.lastSeq()) {
      const message = this.source.get(this.nextSeq++);
      if (message) return message;
    }
    return undefined;
  }

  private deliver(sub: ConsumerSubscriber, message: StoredMessage): void {
    const seq = message.seq;
    const p = this.pending.get(seq) ?? { deliveries: 0, timer: undefined, queued: false };
    clearTimeout(p.timer);
    p.queued = false;
    p.deliveries += 1;
    const attempt = p.deliveries;
    p.timer = this.timer(this.settings.ackWaitMs, () => this.expired(seq, attempt));
    this.pending.set(seq, p);
    void sub.inFlight.run(async () => {
      const outcome = await sub.handle({ message, deliveryCount: attempt }).catch((): DeliveryOutcome => 'nak');
      this.settle(seq, attempt, outcome);
      this.notify();
    });
  }

  private settle(seq: number, attempt: number, outcome: DeliveryOutcome): void {
    const p = this.pending.get(seq);
    if (!p) return;
    if (outcome === 'ack' || outcome === 'term') {
      this.forget(seq);
      return;
    }
    if (p.deliveries !== attempt || p.queued) return; // stale nak, or already due for redelivery
    clearTimeout(p.timer);
    if (this.exhausted(p)) {
      this.drop(seq, p, 'handler failed');
      return;
    }
    p.timer = this.timer(backoffDelay(attempt - 1, this.redelivery), () => {
      p.timer = undefined;
      this.redeliver(seq);
    });
  }

  private expired(seq: number, attempt: number): void {
    const p = this.pending.get(seq);
    if (!p || p.deliveries !== attempt) return;
    p.timer = undefined;
    if (this.exhausted(p)) this.drop(seq, p, 'ack wait expired');
    else this.redeliver(seq);
  }

  private redeliver(seq: number): void {
    const p = this.pending.get(seq);
    if (!p || p.queued) return;
    p.queued = true;
    this.due.push(seq);
    this.notify();
  }

  private exhausted(p: Pending): boolean {
    return this.settings.maxDeliver > 0 && p.deliveries >= this.settings.maxDeliver;
  }

  private drop(seq: number, p: Pending, reason: string): void {
    this.logger.warn('dropped a message after max deliveries', { stream: this.source.name, durable: this.durable, seq, deliveries: p.deliveries, reason });
    this.forget(seq);
  }

  private forget(seq: number): void {
    const p = this.pending.get(seq);
    if (p) clearTimeout(p.timer);
    this.pending.delete(seq);
    if (this.floors && !this.floorTimer && !this.disposed) this.floorTimer = this.timer(FLOOR_SAVE_DELAY_MS, () => this.saveFloor());
  }

  /** Everything below the oldest unsettled delivery, and below the next new one, is acked. */
  private ackFloor(): number {
    // `pending` is in first-delivery order, which is sequence order: its first key is the oldest.
    const oldest: number | undefined = this.pending.keys().next().value;
    return Math.min(oldest ?? Infinity, this.nextSeq) - 1;
  }

  private saveFloor(): void {
    clearTimeout(this.floorTimer);
    this.floorTimer = undefined;
    if (!this.floors || this.disposed) return;
    const floor = this.ackFloor();
    if (floor <= this.savedFloor) return;
    try {
      this.floors.save(floor);
      this.savedFloor = floor;
    } catch (err) {
      this.logger.error('could not save a consumer ack floor', { stream: this.source.name, durable: this.durable, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private timer(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  }
}
