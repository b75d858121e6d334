import { AckPolicy, DeliverPolicy, DiscardPolicy, type JetStreamManager, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { StreamContract } from '@flotilla/contracts';
import type { ConsumeOptions } from './bus';
import { DEFAULT_ACK_WAIT_MS } from './bus.options';

/**
 * Creates (or updates) the JetStream streams and durable consumers the bus uses, idempotently:
 * every replica runs the same code at start-up, so `add` with an identical config is a no-op and a
 * changed config (e.g. a new `maxAgeMs`) becomes an `update`.
 */
export class NatsStreamManager {
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly duplicateWindowMs: number,
  ) {}

  ensureStream(contract: StreamContract): Promise<void> {
    let p = this.ensured.get(contract.stream);
    if (!p) {
      p = this.createOrUpdate(contract);
      this.ensured.set(contract.stream, p);
      p.catch(() => this.ensured.delete(contract.stream));
    }
    return p;
  }

  /** Forget that a stream was ensured (e.g. publish found no stream: the server lost it). */
  forget(stream: string): void {
    this.ensured.delete(stream);
  }

  async ensureConsumer(stream: string, opts: ConsumeOptions): Promise<void> {
    const ackWait = nanos(opts.ackWaitMs ?? DEFAULT_ACK_WAIT_MS);
    const maxDeliver = opts.maxDeliver !== undefined && opts.maxDeliver > 0 ? opts.maxDeliver : -1;
    try {
      await this.jsm.consumers.add(stream, {
        durable_name: opts.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: ackWait,
        max_deliver: maxDeliver,
      });
    } catch (err) {
      // Exists with other settings (ack wait / max deliver changed): update those.
      const info = await this.jsm.consumers.info(stream, opts.durable).catch(() => undefined);
      if (!info) throw err;
      await this.jsm.consumers.update(stream, opts.durable, { ack_wait: ackWait, max_deliver: maxDeliver });
    }
  }

  private async createOrUpdate(contract: StreamContract): Promise<void> {
    const maxAgeMs = contract.maxAgeMs ?? 0;
    const windowMs = maxAgeMs > 0 ? Math.min(this.duplicateWindowMs, maxAgeMs) : this.duplicateWindowMs;
    const config: Partial<StreamConfig> & { name: string } = {
      name: contract.stream,
      subjects: [contract.subject],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(maxAgeMs),
      duplicate_window: nanos(windowMs),
    };
    try {
      await this.jsm.streams.add(config);
    } catch (err) {
      const info = await this.jsm.streams.info(contract.stream).catch(() => undefined);
      if (!info) throw err;
      const subjects = [...new Set([...info.config.subjects, contract.subject])];
      const { storage: _storage, retention: _retention, name: _name, ...mutable } = config;
      await this.jsm.streams.update(contract.stream, { ...mutable, subjects });
    }
  }
}
