import type { EventContract, RequestContract, StreamContract } from '@flotilla/contracts';
import type { Bus } from './bus';
import { DelegatingBus } from './delegating-bus';

const NAMESPACE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Puts every subject under `<namespace>.` and every stream under `<NAMESPACE>_`, so several
 * Flotilla deployments (or test runs) can share one NATS server without hearing each other.
 * Contracts stay unprefixed in code; the namespace is deployment configuration (NATS_SUBJECT_PREFIX).
 */
export class NamespacedBus extends DelegatingBus {
  private readonly cache = new Map<object, object>();
  private readonly streamPrefix: string;

  constructor(
    inner: Bus,
    private readonly namespace: string,
  ) {
    super(inner);
    if (!NAMESPACE.test(namespace)) throw new RangeError(`bus namespace must match ${NAMESPACE.source}`);
    this.streamPrefix = `${namespace.toUpperCase().replace(/-/g, '_')}_`;
  }

  /** The same contract (schemas and all) under the namespace; one object per contract. */
  protected override contractFor<C extends EventContract | RequestContract | StreamContract>(contract: C): C {
    let namespaced = this.cache.get(contract) as C | undefined;
    if (!namespaced) {
      const subject = `${this.namespace}.${contract.subject}`;
      namespaced = (contract.kind === 'stream' ? { ...contract, subject, stream: `${this.streamPrefix}${contract.stream}` } : { ...contract, subject }) as C;
      this.cache.set(contract, namespaced);
    }
    return namespaced;
  }
}
