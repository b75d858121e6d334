import type { EventContract, PayloadOf, ReplyOf, RequestContract, RequestOf, StreamContract } from '@flotilla/contracts';
import type { DependencyHealth } from '@flotilla/platform-health';
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
} from './bus';

/**
 * Base for buses that wrap another one (namespacing, metrics): everything is passed through,
 * with each contract first given to `contractFor` so a subclass can rewrite subjects.
 */
export abstract class DelegatingBus implements Bus {
  constructor(protected readonly inner: Bus) {}

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

  request<C extends RequestContract>(contract: C, payload: RequestOf<C>, opts?: RequestOptions): Promise<ReplyOf<C>> {
    return this.inner.request(this.contractFor(contract), payload, opts);
  }
  handle<C extends RequestContract>(contract: C, handler: RequestHandler<C>, opts?: SubscribeOptions): Promise<BusSubscription> {
    return this.inner.handle(this.contractFor(contract), handler, opts);
  }
  publish<C extends EventContract>(contract: C, payload: PayloadOf<C>, opts?: { requestId?: string }): Promise<void> {
    return this.inner.publish(this.contractFor(contract), payload, opts);
  }
  subscribe<C extends EventContract>(contract: C, handler: EventHandler<C>, opts?: SubscribeOptions): Promise<BusSubscription> {
    return this.inner.subscribe(this.contractFor(contract), handler, opts);
  }
  append<C extends StreamContract>(contract: C, payload: PayloadOf<C>, opts?: { msgId?: string; requestId?: string }): Promise<AppendResult> {
    return this.inner.append(this.contractFor(contract), payload, opts);
  }
  consume<C extends StreamContract>(contract: C, handler: DurableHandler<C>, opts: ConsumeOptions): Promise<BusSubscription> {
    return this.inner.consume(this.contractFor(contract), handler, opts);
  }

  protected contractFor<C extends EventContract | RequestContract | StreamContract>(contract: C): C {
    return contract;
  }
}
