import { performance } from 'node:perf_hooks';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import type { DependencyHealth, DependencyStatus } from '@flotilla/platform-health';
import { Bitfield } from './bitfield';
import type { Cache, Lock, Unsubscribe } from './cache';
import { bitOffsetArg, incrementArg, optionalTtlArg, ttlArg } from './cache-args';
import { MemoryEntry, MemoryKeyspace, stringOf, WRONGTYPE } from './memory-keyspace';
import { MemoryPubSub } from './memory-pubsub';
import { LockStore, lockKey, newLockToken, TokenLock } from './token-lock';

export interface MemoryCacheOptions {
  /** How often expired keys are swept (they also expire lazily on access). Default 1000 ms. */
  sweepIntervalMs?: number;
  /** A pub/sub handler threw; wire this to the logger. Default: ignored. */
  onHandlerError?: (channel: string, err: unknown) => void;
}

const NOT_INTEGER = 'ERR value is not an integer or out of range';

/**
 * The standalone stand-in for Redis (DESIGN.md "Two ways to run"): the same semantics as
 * `RedisCache` — TTLs, wrong-type errors, empty hashes/sets vanish, pub/sub delivered
 * asynchronously, token locks — in one process.
 */
export class MemoryCache implements Cache {
  private readonly keyspace = new MemoryKeyspace();
  private readonly pubsub: MemoryPubSub;
  private status: DependencyStatus = 'starting';
  private sweeper: NodeJS.Timeout | undefined;
  private readonly locks: LockStore = {
    releaseIfOwner: async (key, token) => this.ownedBy(key, token) !== undefined && this.keys.remove(key),
    extendIfOwner: async (key, token, ttlMs) => {
      const ttl = ttlArg(ttlMs);
      const entry = this.ownedBy(key, token);
      if (entry) this.keys.setExpiry(key, entry, ttl);
      return entry !== undefined;
    },
  };

  constructor(private readonly opts: MemoryCacheOptions = {}) {
    this.pubsub = new MemoryPubSub(opts.onHandlerError ?? (() => undefined));
  }

  async start(): Promise<void> {
    if (this.status !== 'starting') return;
    this.status = 'up';
    this.sweeper = setInterval(() => this.keyspace.sweep(), this.opts.sweepIntervalMs ?? 1_000);
    this.sweeper.unref();
  }

  async ready(): Promise<void> {
    if (this.status === 'down') throw new DependencyUnavailableError('cache');
  }

  health(): DependencyHealth {
    return { name: 'cache', kind: 'memory', status: this.status, ...(this.status === 'down' ? { detail: 'closed' } : {}) };
  }

  async close(): Promise<void> {
    this.status = 'down';
    if (this.sweeper) clearInterval(this.sweeper);
    this.keyspace.clear();
    this.pubsub.clear();
  }

  /** Number of keys held, including expired ones not yet swept; for tests and metrics. */
  get size(): number {
    return this.keyspace.size;
  }

  async get(key: string): Promise<string | null> {
    return this.keys.string(key) ?? null;
  }

  async getMany(keys: readonly string[]): Promise<Array<string | null>> {
    // MGET answers nil for keys of another type where GET fails.
    return keys.map((key) => {
      const value = this.keys.get(key)?.value;
      return value && (value.type === 'string' || value.type === 'bits') ? stringOf(value) : null;
    });
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.keys.write(key, { type: 'string', data: value }, optionalTtlArg(ttlMs));
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const ttl = optionalTtlArg(ttlMs);
    if (this.keys.get(key)) return false;
    this.keys.write(key, { type: 'string', data: value }, ttl);
    return true;
  }

  async del(...keys: string[]): Promise<number> {
    return keys.filter((key) => this.keys.get(key) && this.keys.remove(key)).length;
  }

  async incr(key: string, by = 1, ttlMs?: number): Promise<number> {
    incrementArg(by);
    const ttl = optionalTtlArg(ttlMs);
    const entry = this.keys.get(key);
    if (!entry) {
      this.keys.write(key, { type: 'string', data: String(by) }, ttl);
      return by;
    }
    const current = stringOf(entry.value);
    const next = Number(current) + by;
    if (!/^-?\d+$/.test(current) || !Number.isSafeInteger(Number(current)) || !Number.isSafeInteger(next)) {
      throw new Error(NOT_INTEGER);
    }
    entry.value = { type: 'string', data: String(next) };
    return next;
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    const ttl = ttlArg(ttlMs);
    const entry = this.keys.get(key);
    if (entry) this.keys.setExpiry(key, entry, ttl);
    return entry !== undefined;
  }

  async ttl(key: string): Promise<number> {
    const entry = this.keys.get(key);
    if (!entry) return -2;
    if (entry.expiresAt === undefined) return -1;
    return Math.max(0, Math.round(entry.expiresAt - performance.now()));
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<void> {
    const pairs = Object.entries(fields);
    if (pairs.length === 0) return;
    let hash = this.keys.hash(key);
    if (!hash) {
      hash = new Map<string, string>();
      this.keys.write(key, { type: 'hash', data: hash }, undefined);
    }
    for (const [field, value] of pairs) hash.set(field, value);
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.keys.hash(key)?.get(field) ?? null;
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.keys.hash(key) ?? []);
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    const hash = this.keys.hash(key);
    if (!hash) return 0;
    const n = fields.filter((f) => hash.delete(f)).length;
    if (hash.size === 0) this.keys.remove(key);
    return n;
  }

  async sadd(key: string, ...members: string[]): Promise<number> {
    if (members.length === 0) return 0;
    let set = this.keys.set(key);
    if (!set) {
      set = new Set<string>();
      this.keys.write(key, { type: 'set', data: set }, undefined);
    }
    const before = set.size;
    for (const m of members) set.add(m);
    return set.size - before;
  }

  async srem(key: string, ...members: string[]): Promise<number> {
    const set = this.keys.set(key);
    if (!set) return 0;
    const n = members.filter((m) => set.delete(m)).length;
    if (set.size === 0) this.keys.remove(key);
    return n;
  }

  async smembers(key: string): Promise<string[]> {
    return [...(this.keys.set(key) ?? [])];
  }

  async sismember(key: string, member: string): Promise<boolean> {
    return this.keys.set(key)?.has(member) ?? false;
  }

  async scard(key: string): Promise<number> {
    return this.keys.set(key)?.size ?? 0;
  }

  async setBit(key: string, offset: number, value: 0 | 1): Promise<0 | 1> {
    bitOffsetArg(offset);
    const entry = this.keys.get(key) ?? this.keys.write(key, { type: 'bits', data: Bitfield.empty() }, undefined);
    if (entry.value.type === 'string') entry.value = { type: 'bits', data: Bitfield.fromString(entry.value.data) };
    if (entry.value.type !== 'bits') throw new Error(WRONGTYPE);
    return entry.value.data.set(offset, value);
  }

  async getBit(key: string, offset: number): Promise<0 | 1> {
    bitOffsetArg(offset);
    return this.keys.bits(key)?.get(offset) ?? 0;
  }

  async bitCount(key: string): Promise<number> {
    return this.keys.bits(key)?.count() ?? 0;
  }

  async publish(channel: string, message: string): Promise<void> {
    this.assertOpen();
    this.pubsub.publish(channel, message);
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    this.assertOpen();
    return this.pubsub.subscribe(channel, handler);
  }

  async acquireLock(name: string, ttlMs: number): Promise<Lock | null> {
    const token = newLockToken();
    const acquired = await this.setIfAbsent(lockKey(name), token, ttlArg(ttlMs));
    return acquired ? new TokenLock(name, token, this.locks) : null;
  }

  /** The keyspace, once checked that the cache is open. */
  private get keys(): MemoryKeyspace {
    this.assertOpen();
    return this.keyspace;
  }

  private assertOpen(): void {
    if (this.status === 'down') throw new DependencyUnavailableError('cache', new Error('cache closed'));
  }

  private ownedBy(key: string, token: string): MemoryEntry | undefined {
    const entry = this.keys.get(key);
    return entry?.value.type === 'string' && entry.value.data === token ? entry : undefined;
  }
}
