import type { EventContract, PayloadOf, ReplyOf, RequestContract, RequestOf, StreamContract } from '@flotilla/contracts';
import type { ManagedDependency } from '@flotilla/platform-health';

export interface BusSubscription {
  /**
   * Stops delivery; resolves once in-flight handlers have finished (and acked), bounded by the
   * bus's drain timeout. Messages a durable consumer had received but not yet started are handed
   * back for redelivery. Do not await it from inside the same subscription's handler.
   */
  unsubscribe(): Promise<void>;
}

export interface MessageContext {
  subject: string;
  /** Trace/request id propagated from the sender (header `x-request-id`), if any. */
  requestId?: string;
}

export interface DurableContext extends MessageContext {
  /** 1 on first delivery, 2+ on redelivery. */
  deliveryCount: number;
  /** Stream sequence number of the message. */
  seq: number;
}

export interface RequestOptions {
  /** Default 5 000 ms. */
  timeoutMs?: number;
  requestId?: string;
}

export interface SubscribeOptions {
  /**
   * Queue group: within one group each message goes to exactly one subscriber (replicas of a
   * service share work). Without a group every subscriber gets every message. CONVENTIONS.md:
   * the group is the service name.
   */
  queue?: string;
}

export interface ConsumeOptions {
  /** Durable consumer name; the broker remembers its position across restarts. */
  durable: string;
  /** Redelivery wait: a message not acked within this time is delivered again. Default 30 000 ms. */
  ackWaitMs?: number;
  /** After this many deliveries the message is dropped (and logged as a warning). Default -1 (unlimited). */
  maxDeliver?: number;
  /** Max messages handed to the handler concurrently. Default 1 (ordered). */
  concurrency?: number;
}

export interface AppendResult {
  /** Stream sequence assigned to the message. */
  seq: number;
  /** True when `msgId` was seen before and the broker de-duplicated it. */
  duplicate: boolean;
}

export type RequestHandler<C extends RequestContract> = (payload: RequestOf<C>, ctx: MessageContext) => Promise<ReplyOf<C>> | ReplyOf<C>;
export type EventHandler<C extends EventContract> = (payload: PayloadOf<C>, ctx: MessageContext) => Promise<void> | void;
/** Resolve → ack. Throw → nak: the message is redelivered (deliveryCount + 1). */
export type DurableHandler<C extends StreamContract> = (payload: PayloadOf<C>, ctx: DurableContext) => Promise<void>;

/**
 * The message bus between services (DESIGN.md): core request/reply and events, plus durable
 * streams for data that must not be lost. Two implementations with identical behaviour:
 * NATS (+JetStream) for distributed mode and in-process for standalone. Payloads are validated
 * against the contract's zod schema on the receiving side; invalid ones never reach handlers.
 *
 * Failures are thrown as `BusError` with a closed `code`.
 */
export interface Bus extends ManagedDependency {
  request<C extends RequestContract>(contract: C, payload: RequestOf<C>, opts?: RequestOptions): Promise<ReplyOf<C>>;
  handle<C extends RequestContract>(contract: C, handler: RequestHandler<C>, opts?: SubscribeOptions): Promise<BusSubscription>;

  /** Fire-and-forget event (core, not durable). */
  publish<C extends EventContract>(contract: C, payload: PayloadOf<C>, opts?: { requestId?: string }): Promise<void>;
  subscribe<C extends EventContract>(contract: C, handler: EventHandler<C>, opts?: SubscribeOptions): Promise<BusSubscription>;

  /** Durable publish: resolves only once the stream has stored the message. */
  append<C extends StreamContract>(contract: C, payload: PayloadOf<C>, opts?: { msgId?: string; requestId?: string }): Promise<AppendResult>;
  consume<C extends StreamContract>(contract: C, handler: DurableHandler<C>, opts: ConsumeOptions): Promise<BusSubscription>;
}
