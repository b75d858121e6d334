import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { errors, headers as natsHeaders, type MsgHdrs, type Msg, type NatsConnection } from '@nats-io/transport-node';
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
import { readReply, runEventHandler, runRequestHandler } from './bus.dispatch';
import { BusError } from './bus.errors';
import { NatsBusOptions, ResolvedBusOptions, resolveBusOptions } from './bus.options';
import { encodePayload, ERROR_HEADER, errorMessage, REQUEST_ID_HEADER } from './bus.wire';
import { NatsConnectionManager } from './nats-connection';
import { NatsCoreSubscription } from './nats-core-subscription';
import { NatsDurableConsumer } from './nats-durable-consumer';
import type { NatsAttachable, NatsSession } from './nats-session';
import { NatsStreamManager } from './nats-streams';

/**
 * The distributed-mode bus over NATS (core request/reply and events) and JetStream (durable
 * streams), with a direct client rather than Nest's microservice transport: the Bus interface needs
 * JetStream, queue groups, headers and typed errors, which that transport does not expose.
 *
 * Wire form (shared with the in-process bus, see `bus.wire.ts`): JSON bodies, `x-request-id`
 * header, and error replies flagged with `x-flotilla-error: 1` whose body carries the remote
 * FlotillaError's message, code, status and details.
 */
export class NatsBus implements Bus {
  private readonly opts: ResolvedBusOptions;
  private readonly conn: NatsConnectionManager;
  private readonly subs = new Set<NatsAttachable>();
  private session: NatsSession | undefined;
  private closed = false;

  constructor(natsOpts: NatsBusOptions) {
    this.opts = resolveBusOptions(natsOpts);
    this.conn = new NatsConnectionManager(natsOpts, this.opts.logger, (nc) => this.connected(nc));
  }

  /** Starts connecting in the background; never throws because NATS is down. */
  async start(): Promise<void> {
    if (!this.closed) this.conn.start();
  }

  ready(timeoutMs = 30_000): Promise<void> {
    if (this.closed) return Promise.reject(new BusError('closed', 'bus is closed'));
    return this.conn.ready(timeoutMs);
  }

  health(): DependencyHealth {
    return this.conn.health();
  }

  /** Stops every subscription (in-flight handlers finish and ack), then drains the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const subs = [...this.subs];
    this.subs.clear();
    await Promise.all(subs.map((s) => s.detach()));
    this.session = undefined;
    await this.conn.close();
  }

  async request<C extends RequestContract>(contract: C, payload: RequestOf<C>, opts: RequestOptions = {}): Promise<ReplyOf<C>> {
    const { nc } = this.usable();
    const data = encodePayload(payload, `request on ${contract.subject}`);
    const timeout = opts.timeoutMs ?? this.opts.defaultRequestTimeoutMs;
    const headers = requestIdHeaders(opts.requestId);
    let msg: Msg;
    try {
      msg = await nc.request(contract.subject, data, { timeout, ...(headers ? { headers } : {}) });
    } catch (err) {
      throw this.mapError(err, `request on ${contract.subject}`, timeout);
    }
    return readReply(contract, msg.string(), msg.headers?.get(ERROR_HEADER) === '1');
  }

  handle<C extends RequestContract>(contract: C, handler: RequestHandler<C>, opts: SubscribeOptions = {}): Promise<BusSubscription> {
    return this.register(
      new NatsCoreSubscription(
        contract.subject,
        opts.queue,
        async (msg) => {
          const reply = await runRequestHandler(contract, handler, msg.string(), context(contract.subject, msg), this.opts.logger);
          if (!msg.reply) return;
          try {
            msg.respond(reply.body, reply.error ? { headers: errorHeaders() } : undefined);
          } catch (err) {
            this.opts.logger.error('could not send reply', { subject: contract.subject, error: errorMessage(err) });
          }
        },
        this.opts.drainTimeoutMs,
      ),
    );
  }

  async publish<C extends EventContract>(contract: C, payload: PayloadOf<C>, opts: { requestId?: string } = {}): Promise<void> {
    const { nc } = this.usable();
    const data = encodePayload(payload, `event on ${contract.subject}`);
    const headers = requestIdHeaders(opts.requestId);
    try {
      nc.publish(contract.subject, data, headers ? { headers } : undefined);
    } catch (err) {
      throw this.mapError(err, `event on ${contract.subject}`, 0);
    }
  }

  subscribe<C extends EventContract>(contract: C, handler: EventHandler<C>, opts: SubscribeOptions = {}): Promise<BusSubscription> {
    return this.register(
      new NatsCoreSubscription(
        contract.subject,
        opts.queue,
        (msg) => runEventHandler(contract, handler, msg.string(), context(contract.subject, msg), this.opts.logger),
        this.opts.drainTimeoutMs,
      ),
    );
  }

  async append<C extends StreamContract>(contract: C, payload: PayloadOf<C>, opts: { msgId?: string; requestId?: string } = {}): Promise<AppendResult> {
    const session = this.usable();
    const data = encodePayload(payload, `message for stream ${contract.stream}`);
    const headers = requestIdHeaders(opts.requestId);
    const timeout = this.opts.defaultRequestTimeoutMs;
    const publishOpts = { timeout, ...(opts.msgId !== undefined ? { msgID: opts.msgId } : {}), ...(headers ? { headers } : {}) };
    for (let attempt = 0; ; attempt++) {
      try {
        await session.streams.ensureStream(contract);
      } catch (err) {
        throw this.mapError(err, `creating stream ${contract.stream}`, timeout);
      }
      try {
        const ack = await session.js.publish(contract.subject, data, publishOpts);
        return { seq: ack.seq, duplicate: ack.duplicate };
      } catch (err) {
        // No stream answered: the server lost it (or someone deleted it). Re-create once.
        if (attempt === 0 && isNoResponders(err)) {
          session.streams.forget(contract.stream);
          continue;
        }
        throw this.mapError(err, `append to stream ${contract.stream}`, timeout);
      }
    }
  }

  consume<C extends StreamContract>(contract: C, handler: DurableHandler<C>, opts: ConsumeOptions): Promise<BusSubscription> {
    return this.register(
      new NatsDurableConsumer(contract, handler, opts, {
        logger: this.opts.logger,
        redelivery: this.opts.redeliveryBackoff,
        drainTimeoutMs: this.opts.drainTimeoutMs,
      }),
    );
  }

  /** A (re)established connection: build the JetStream clients and attach every subscription. */
  private async connected(nc: NatsConnection): Promise<void> {
    const jsm = await jetstreamManager(nc, { checkAPI: false });
    const session: NatsSession = {
      nc,
      js: jetstream(nc),
      streams: new NatsStreamManager(jsm, this.opts.duplicateWindowMs),
      isUp: () => this.conn.usable() === nc,
    };
    this.session = session;
    await Promise.all([...this.subs].map((s) => this.attach(s, session)));
  }

  private async register(sub: NatsAttachable): Promise<BusSubscription> {
    if (this.closed) throw new BusError('closed', 'bus is closed');
    this.subs.add(sub);
    // Without a connection yet, `connected()` attaches it later.
    if (this.session) await this.attach(sub, this.session);
    let stopped: Promise<void> | undefined;
    return {
      unsubscribe: () => {
        this.subs.delete(sub);
        stopped ??= sub.detach();
        return stopped;
      },
    };
  }

  private async attach(sub: NatsAttachable, session: NatsSession): Promise<void> {
    try {
      await sub.attach(session);
    } catch (err) {
      this.opts.logger.error('could not subscribe', { error: errorMessage(err) });
    }
  }

  private usable(): NatsSession {
    if (this.closed) throw new BusError('closed', 'bus is closed');
    const session = this.session;
    if (!session || this.conn.usable() !== session.nc) {
      const { detail } = this.conn.health();
      throw new BusError('unavailable', `NATS is not connected${detail !== undefined ? `: ${detail}` : ''}`);
    }
    return session;
  }

  private mapError(err: unknown, what: string, timeoutMs: number): BusError {
    if (err instanceof BusError) return err;
    if (this.closed) return new BusError('closed', `${what}: bus closed`);
    if (isNoResponders(err)) return new BusError('no_responders', `${what}: no responders`);
    if (err instanceof errors.TimeoutError || (err instanceof Error && err.cause instanceof errors.TimeoutError)) {
      return new BusError('timeout', `${what}: no reply within ${timeoutMs} ms`);
    }
    if (err instanceof errors.InvalidArgumentError) return new BusError('invalid_payload', `${what}: ${err.message}`);
    return new BusError('unavailable', `${what}: ${errorMessage(err)}`);
  }
}

function isNoResponders(err: unknown): boolean {
  if (err instanceof errors.NoRespondersError) return true;
  if (err instanceof errors.RequestError && err.isNoResponders()) return true;
  return err instanceof Error && err.cause instanceof errors.NoRespondersError;
}

function context(subject: string, msg: Msg): MessageContext {
  const requestId = msg.headers?.get(REQUEST_ID_HEADER);
  return { subject, ...(requestId ? { requestId } : {}) };
}

function requestIdHeaders(requestId: string | undefined): MsgHdrs | undefined {
  if (requestId === undefined) return undefined;
  const h = natsHeaders();
  h.set(REQUEST_ID_HEADER, requestId);
  return h;
}

function errorHeaders(): MsgHdrs {
  const h = natsHeaders();
  h.set(ERROR_HEADER, '1');
  return h;
}
