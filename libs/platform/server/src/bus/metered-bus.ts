import type { EventContract, PayloadOf, ReplyOf, RequestContract, RequestOf, StreamContract } from '@flotilla/contracts';
import { DelegatingBus } from '@flotilla/platform-bus';
import type {
  AppendResult,
  Bus,
  BusSubscription,
  ConsumeOptions,
  DurableHandler,
  EventHandler,
  RequestHandler,
  RequestOptions,
  SubscribeOptions,
} from '@flotilla/platform-bus';
import type { MetricsRegistry } from '@flotilla/platform-metrics';

type Kind = 'request' | 'event' | 'stream';

/** Decorates any Bus with Prometheus counters (messages in/out by subject and outcome) and request latency. */
export class MeteredBus extends DelegatingBus {
  constructor(
    inner: Bus,
    private readonly metrics: MetricsRegistry,
  ) {
    super(inner);
  }

  override async request<C extends RequestContract>(contract: C, payload: RequestOf<C>, opts?: RequestOptions): Promise<ReplyOf<C>> {
    const end = this.metrics.busRequestDuration.startTimer({ subject: contract.subject });
    try {
      const reply = await super.request(contract, payload, opts);
      this.count(contract.subject, 'request', 'out', 'ok');
      end({ outcome: 'ok' });
      return reply;
    } catch (err) {
      this.count(contract.subject, 'request', 'out', 'error');
      end({ outcome: 'error' });
      throw err;
    }
  }

  override handle<C extends RequestContract>(contract: C, handler: RequestHandler<C>, opts?: SubscribeOptions): Promise<BusSubscription> {
    return super.handle(contract, (p, ctx) => this.track(contract.subject, 'request', () => handler(p, ctx)), opts);
  }

  override publish<C extends EventContract>(contract: C, payload: PayloadOf<C>, opts?: { requestId?: string }): Promise<void> {
    return this.outbound(contract.subject, 'event', () => super.publish(contract, payload, opts));
  }

  override subscribe<C extends EventContract>(contract: C, handler: EventHandler<C>, opts?: SubscribeOptions): Promise<BusSubscription> {
    return super.subscribe(contract, (p, ctx) => this.track(contract.subject, 'event', () => handler(p, ctx)), opts);
  }

  override append<C extends StreamContract>(contract: C, payload: PayloadOf<C>, opts?: { msgId?: string; requestId?: string }): Promise<AppendResult> {
    return this.outbound(contract.subject, 'stream', () => super.append(contract, payload, opts));
  }

  override consume<C extends StreamContract>(contract: C, handler: DurableHandler<C>, opts: ConsumeOptions): Promise<BusSubscription> {
    return super.consume(contract, (p, ctx) => this.track(contract.subject, 'stream', () => handler(p, ctx)), opts);
  }

  private async outbound<T>(subject: string, kind: Kind, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      this.count(subject, kind, 'out', 'ok');
      return result;
    } catch (err) {
      this.count(subject, kind, 'out', 'error');
      throw err;
    }
  }

  private async track<T>(subject: string, kind: Kind, fn: () => T | Promise<T>): Promise<T> {
    try {
      const result = await fn();
      this.count(subject, kind, 'in', 'ok');
      return result;
    } catch (err) {
      this.count(subject, kind, 'in', 'error');
      throw err;
    }
  }

  private count(subject: string, kind: Kind, direction: 'in' | 'out', outcome: 'ok' | 'error'): void {
    this.metrics.busMessages.inc({ subject, kind, direction, outcome });
  }
}
