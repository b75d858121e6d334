import type { EventContract, PayloadOf, ReplyOf, RequestContract, RequestOf, StreamContract } from '@flotilla/contracts';
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
import type { DependencyHealth } from '@flotilla/platform-health';
import type { MetricsRegistry } from '@flotilla/platform-metrics';

type Kind = 'request' | 'event' | 'stream';

/** Decorates any Bus with Prometheus counters (messages in/out by subject and outcome) and request latency. */
export class MeteredBus implements Bus {
  constructor(
    private readonly inner: Bus,
    private readonly metrics: MetricsRegistry,
  ) {}

  start(): Promise<void> {
    return this.inner.start();
  }
  ready(timeoutMs?: number): Promise<void> {
    return this.inner.ready(timeoutMs);
  }
  health(): DependencyHealth | Promise<DependencyHealth> {
    return this.inner.health();
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  async request<C extends RequestContract>(contract: C, payload: RequestOf<C>, opts?: RequestOptions): Promise<ReplyOf<C>> {
    const end = this.metrics.busRequestDuration.startTimer({ subject: contract.subject });
    try {
      const reply = await this.inner.request(contract, payload, opts);
      this.count(contract.subject, 'request', 'out', 'ok');
      end({ outcome: 'ok' });
      return reply;
    } catch (err) {
      this.count(contract.subject, 'request', 'out', 'error');
      end({ outcome: 'error' });
      throw err;
    }
  }

  handle<C extends RequestContract>(contract: C, handler: RequestHandler<C>, opts?: SubscribeOptions): Promise<BusSubscription> {
    return this.inner.handle(contract, (p, ctx) => this.track(contract.subject, 'request', () => handler(p, ctx)), opts);
  }

  publish<C extends EventContract>(contract: C, payload: PayloadOf<C>, opts?: { requestId?: string }): Promise<void> {
    return this.outbound(contract.subject, 'event', () => this.inner.publish(contract, payload, opts));
  }

  subscribe<C extends EventContract>(contract: C, handler: EventHandler<C>, opts?: SubscribeOptions): Promise<BusSubscription> {
    return this.inner.subscribe(contract, (p, ctx) => this.track(contract.subject, 'event', () => handler(p, ctx)), opts);
  }

  append<C extends StreamContract>(contract: C, payload: PayloadOf<C>, opts?: { msgId?: string; requestId?: string }): Promise<AppendResult> {
    return this.outbound(contract.subject, 'stream', () => this.inner.append(contract, payload, opts));
  }

  consume<C extends StreamContract>(contract: C, handler: DurableHandler<C>, opts: ConsumeOptions): Promise<BusSubscription> {
    return this.inner.consume(contract, (p, ctx) => this.track(contract.subject, 'stream', () => handler(p, ctx)), opts);
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
