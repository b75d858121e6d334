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

const NAMESPACE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Puts every subject under `<namespace>.` and every stream under `<NAMESPACE>_`, so several
 * Flotilla deployments (or test runs) can share one NATS server without hearing each other.
 * Contracts stay unprefixed in code; the namespace is deployment configuration (NATS_SUBJECT_PREFIX).
 */
export class NamespacedBus implements Bus {
  private readonly cache = new Map<object, object>();
  private readonly streamPrefix: string;

  constructor(
    private readonly inner: Bus,
    private readonly namespace: string,
  ) {
    if (!NAMESPACE.test(namespace)) throw new RangeError(`bus namespace must match ${NAMESPACE.source}`);
    this.streamPrefix = `${namespace.toUpperCase().replace(/-/g, '_')}_`;
  }

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
    return this.inner.request(this.ns(contract), payload, opts);
  }
  handle<C extends RequestContract>(contract: C, handler: RequestHandler<C>, opts?: SubscribeOptions): Promise<BusSubscription> {
    return this.inner.handle(this.ns(contract), handler, opts);
  }
  publish<C extends EventContract>(contract: C, payload: PayloadOf<C>, opts?: { requestId?: string }): Promise<void> {
    return this.inner.publish(this.ns(contract), payload, opts);
  }
  subscribe<C extends EventContract>(contract: C, handler: EventHandler<C>, opts?: SubscribeOptions): Promise<BusSubscription> {
    return this.inner.subscribe(this.ns(contract), handler, opts);
  }
  append<C extends StreamContract>(contract: C, payload: PayloadOf<C>, opts?: { msgId?: string; requestId?: string }): Promise<AppendResult> {
    return this.inner.append(this.ns(contract), payload, opts);
  }
  consume<C extends StreamContract>(contract: C, handler: DurableHandler<C>, opts: ConsumeOptions): Promise<BusSubscription> {
    return this.inner.consume(this.ns(contract), handler, opts);
  }

  /** The same contract (schemas and all) under the namespace; one object per contract. */
  private ns<C extends EventContract | RequestContract | StreamContract>(contract: C): C {
    let namespaced = this.cache.get(contract) as C | undefined;
    if (!namespaced) {
      const subject = `${this.namespace}.${contract.subject}`;
      namespaced = (contract.kind === 'stream' ? { ...contract, subject, stream: `${this.streamPrefix}${contract.stream}` } : { ...contract, subject }) as C;
      this.cache.set(contract, namespaced);
    }
    return namespaced;
  }
}
