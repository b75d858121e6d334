import type { BackoffOptions } from '@flotilla/platform-health';
import type { AppendResult } from './bus';
import type { BusLogger } from './bus.options';
import { ConsumerSettings, InProcessConsumer, MessageSource, StoredMessage } from './in-process-consumer';
import { EPHEMERAL_STREAM_STORAGE, StreamStorage } from './stream-storage';

/** Expired messages are deleted from storage at most this often (reloading skips them anyway). */
const STORAGE_EXPIRY_INTERVAL_MS = 1_000;

export interface InProcessStreamConfig {
  name: string;
  /** 0 or undefined: keep forever. */
  maxAgeMs: number | undefined;
  duplicateWindowMs: number;
  redelivery: BackoffOptions;
  logger: BusLogger;
  /** Default: memory only. */
  storage?: StreamStorage;
}

/**
 * A JetStream stream in memory: sequence numbers, msgId de-duplication, max age, durable consumers.
 * With a persistent storage, appends are written through and the stream reloads what it had.
 */
export class InProcessStream implements MessageSource {
  readonly name: string;
  private messages: StoredMessage[] = [];
  private last = 0;
  /** msgId → seq and time, in insertion (time) order. */
  private readonly msgIds = new Map<string, { seq: number; at: number }>();
  private readonly consumers = new Map<string, InProcessConsumer>();
  private readonly storage: StreamStorage;
  /** First sequence still in storage (deletes there are batched). */
  private storedFirst = 0;
  private storageExpiredAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: InProcessStreamConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.name = config.name;
    this.storage = config.storage ?? EPHEMERAL_STREAM_STORAGE;
    const loaded = this.storage.load(this.name);
    this.last = loaded.lastSeq;
    for (const { msgId, ...message } of loaded.messages) {
      this.messages.push(message);
      if (msgId !== undefined) this.msgIds.set(msgId, { seq: message.seq, at: message.storedAt });
    }
    this.storedFirst = this.messages[0]?.seq ?? this.last + 1;
    this.expire(this.now());
  }

  append(raw: string, msgId: string | undefined, requestId: string | undefined): AppendResult {
    const now = this.now();
    this.expire(now);
    if (msgId !== undefined) {
      const seen = this.msgIds.get(msgId);
      if (seen) return { seq: seen.seq, duplicate: true };
    }
    const seq = this.last + 1;
    // Stored before it is acknowledged: a failed write fails the append, and nothing changes.
    this.storage.append(this.name, { seq, raw, msgId, requestId, storedAt: now });
    this.last = seq;
    this.messages.push({ seq, raw, requestId, storedAt: now });
    if (msgId !== undefined) this.msgIds.set(msgId, { seq, at: now });
    for (const c of this.consumers.values()) c.notify();
    return { seq, duplicate: false };
  }

  get(seq: number): StoredMessage | undefined {
    this.expire(this.now());
    const first = this.messages[0];
    return first ? this.messages[seq - first.seq] : undefined;
  }

  firstSeq(): number {
    return this.messages[0]?.seq ?? this.last + 1;
  }

  lastSeq(): number {
    return this.last;
  }

  consumer(durable: string, settings: ConsumerSettings): InProcessConsumer {
    let c = this.consumers.get(durable);
    if (c) {
      c.configure(settings);
    } else {
      const floors = this.storage.persistent
        ? { load: () => this.storage.ackFloor(this.name, durable), save: (floor: number) => this.storage.saveAckFloor(this.name, durable, floor) }
        : undefined;
      c = new InProcessConsumer(this, durable, settings, this.config.redelivery, this.config.logger, floors);
      this.consumers.set(durable, c);
    }
    return c;
  }

  dispose(): void {
    for (const c of this.consumers.values()) c.dispose();
    this.consumers.clear();
    this.messages = [];
    this.msgIds.clear();
  }

  private expire(now: number): void {
    const windowStart = now - this.config.duplicateWindowMs;
    for (const [id, seen] of this.msgIds) {
      if (seen.at >= windowStart) break;
      this.msgIds.delete(id);
    }
    const maxAge = this.config.maxAgeMs;
    if (maxAge !== undefined && maxAge > 0) {
      let drop = 0;
      while (drop < this.messages.length && (this.messages[drop]?.storedAt ?? now) < now - maxAge) drop++;
      if (drop > 0) this.messages = this.messages.slice(drop);
    }
    const first = this.firstSeq();
    if (this.storage.persistent && first > this.storedFirst && now - this.storageExpiredAt >= STORAGE_EXPIRY_INTERVAL_MS) {
      this.storage.deleteBefore(this.name, first, this.last);
      this.storedFirst = first;
      this.storageExpiredAt = now;
    }
  }
}
