import { performance } from 'node:perf_hooks';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import type { DependencyHealth, DependencyStatus } from '@flotilla/platform-health';
import { Bitfield } from './bitfield';
import type { Cache, Lock, Unsubscribe } from './cache';
import { bitOffsetArg, incrementArg, optionalTtlArg, ttlArg } from './cache-args';
import { MemoryPubSub } from './memory-pubsub';
import { LockStore, lockKey, newLockToken, TokenLock } from './token-lock';

export interface MemoryCacheOptions {
  /** How often expired keys are swept (they also expire lazily on access). Default 1000 ms. */
  sweepIntervalMs?: number;
  /** A pub/sub handler threw; wire this to the logger. Default: ignored. */
  onHandlerError?: (channel: string, err: unknown) => void;
}

type Value =
  | { type: 'string'; data: string }
  | { type: 'bits'; data: Bitfield }
  | { type: 'hash'; data: Map<string, string> }
  | { type: 'set'; data: Set<string> };

interface Entry {
  value: Value;
  /** performance.now() deadline; undefined = no expiry. */
  expiresAt: number | undefined;
}

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';

/**
 * The standalone stand-in for Redis (DESIGN.md "Two ways to run"): same semantics as
 * `RedisCache` — TTLs, wrong-type errors, empty hashes/sets vanish, pub/sub delivered
 * asynchronously, token locks — in one process. Expiry uses a monotonic clock.
 */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, Entry>();
  /** Keys that carry a TTL, so the sweep does not walk the whole keyspace. */
  private readonly expiring = new Set<string>();
  private readonly pubsub: MemoryPubSub;
  private status: DependencyStatus = 'starting';
  private sweeper: NodeJS.Timeout | undefined;
  private readonly locks: LockStore = {
    releaseIfOwner: async (key, token) => this.ownedBy(key, token) !== undefined && this.remove(key),
    extendIfOwner: async (key, token, ttlMs) => {
      const ttl = ttlArg(ttlMs);
      const entry = this.ownedBy(key, token);
      if (entry) this.setExpiry(key, entry, ttl);
      return entry !== undefined;
    },
  };

  constructor(private readonly opts: MemoryCacheOptions = {}) {
    this.pubsub = new MemoryPubSub(opts.onHandlerError ?? (() => undefined));
  }

  async start(): Promise<void> {
    if (this.status !== 'starting') return;
    this.status = 'up';
    this.sweeper = setInterval(() => this.sweep(), this.opts.sweepIntervalMs ?? 1_000);
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
    this.entries.clear();
    this.expiring.clear();
    this.pubsub.clear();
  }

  /** Number of live keys (expired ones not yet swept included); for tests and metrics. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every expired key now (also runs on a timer). */
  sweep(): void {
    const now = performance.now();
    for (const key of this.expiring) {
      const entry = this.entries.get(key);
      if (!entry || entry.expiresAt === undefined) this.expiring.delete(key);
      else if (entry.expiresAt <= now) this.remove(key);
    }
  }

  async get(key: string): Promise<string | null> {
    return this.readString(key);
  }

  async getMany(keys: readonly string[]): Promise<Array<string | null>> {
    return keys.map((k) => this.readString(k, false));
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.write(key, { type: 'string', data: value }, optionalTtlArg(ttlMs));
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const ttl = optionalTtlArg(ttlMs);
    if (this.entry(key)) return false;
    this.write(key, { type: 'string', data: value }, ttl);
    return true;
  }

  async del(...keys: string[]): Promise<number> {
    let n = 0;
    for (const key of keys) if (this.entry(key) && this.remove(key)) n++;
    return n;
  }

  async incr(key: string, by = 1, ttlMs?: number): Promise<number> {
    incrementArg(by);
    const ttl = optionalTtlArg(ttlMs);
    const entry = this.entry(key);
    if (!entry) {
      this.write(key, { type: 'string', data: String(by) }, ttl);
      return by;
    }
    const current = this.stringOf(entry);
    if (!/^-?\d+$/.test(current)) throw new Error(NOT_INTEGER);
    const next = Number(current) + by;
    if (!Number.isSafeInteger(Number(current)) || !Number.isSafeInteger(next)) throw new Error(NOT_INTEGER);
    entry.value = { type: 'string', data: String(next) };
    return next;
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    const ttl = ttlArg(ttlMs);
    const entry = this.entry(key);
    if (!entry) return false;
    this.setExpiry(key, entry, ttl);
    return true;
  }

  async ttl(key: string): Promise<number> {
    const entry = this.entry(key);
    if (!entry) return -2;
    if (entry.expiresAt === undefined) return -1;
    return Math.max(0, Math.round(entry.expiresAt - performance.now()));
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<void> {
    const pairs = Object.entries(fields);
    if (pairs.length === 0) return;
    const hash = this.hashOf(key) ?? this.create(key, { type: 'hash', data: new Map<string, string>() });
    for (const [f, v] of pairs) hash.set(f, v);
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.hashOf(key)?.get(field) ?? null;
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.hashOf(key) ?? []);
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    const hash = this.hashOf(key);
    if (!hash) return 0;
    const n = fields.filter((f) => hash.delete(f)).length;
    if (hash.size === 0) this.remove(key);
    return n;
  }

  async sadd(key: string, ...members: string[]): Promise<number> {
    if (members.length === 0) return 0;
    const set = this.setOf(key) ?? this.create(key, { type: 'set', data: new Set<string>() });
    const before = set.size;
    for (const m of members) set.add(m);
    return set.size - before;
  }

  async srem(key: string, ...members: string[]): Promise<number> {
    const set = this.setOf(key);
    if (!set) return 0;
    const n = members.filter((m) => set.delete(m)).length;
    if (set.size === 0) this.remove(key);
    return n;
  }

  async smembers(key: string): Promise<string[]> {
    return [...(this.setOf(key) ?? [])];
  }

  async sismember(key: string, member: string): Promise<boolean> {
    return this.setOf(key)?.has(member) ?? false;
  }

  async scard(key: string): Promise<number> {
    return this.setOf(key)?.size ?? 0;
  }

  async setBit(key: string, offset: number, value: 0 | 1): Promise<0 | 1> {
    bitOffsetArg(offset);
    const entry = this.entry(key);
    if (!entry) {
      const bits = this.create(key, { type: 'bits', data: Bitfield.empty() });
      return bits.set(offset, value);
    }
    if (entry.value.type === 'string') entry.value = { type: 'bits', data: Bitfield.fromString(entry.value.data) };
    if (entry.value.type !== 'bits') throw new Error(WRONGTYPE);
    return entry.value.data.set(offset, value);
  }

  async getBit(key: string, offset: number): Promise<0 | 1> {
    bitOffsetArg(offset);
    return this.bitsOf(key)?.get(offset) ?? 0;
  }

  async bitCount(key: string): Promise<number> {
    return this.bitsOf(key)?.count() ?? 0;
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

  private ownedBy(key: string, token: string): Entry | undefined {
    const entry = this.entry(key);
    return entry?.value.type === 'string' && entry.value.data === token ? entry : undefined;
  }

  private assertOpen(): void {
    if (this.status === 'down') throw new DependencyUnavailableError('cache', new Error('cache closed'));
  }

  /** The live entry for `key`, expiring it lazily. */
  private entry(key: string): Entry | undefined {
    this.assertOpen();
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= performance.now()) {
      this.remove(key);
      return undefined;
    }
    return entry;
  }

  private readString(key: string, strict = true): string | null {
    const entry = this.entry(key);
    if (!entry) return null;
    // MGET answers nil for keys of another type; GET fails.
    if (entry.value.type === 'hash' || entry.value.type === 'set') {
      if (strict) throw new Error(WRONGTYPE);
      return null;
    }
    return this.stringOf(entry);
  }

  private stringOf(entry: Entry): string {
    if (entry.value.type === 'string') return entry.value.data;
    if (entry.value.type === 'bits') return entry.value.data.toString();
    throw new Error(WRONGTYPE);
  }

  private bitsOf(key: string): Bitfield | undefined {
    const entry = this.entry(key);
    if (!entry) return undefined;
    if (entry.value.type === 'bits') return entry.value.data;
    if (entry.value.type === 'string') return Bitfield.fromString(entry.value.data);
    throw new Error(WRONGTYPE);
  }

  private hashOf(key: string): Map<string, string> | undefined {
    const value = this.typed(key, 'hash');
    return value?.type === 'hash' ? value.data : undefined;
  }

  private setOf(key: string): Set<string> | undefined {
    const value = this.typed(key, 'set');
    return value?.type === 'set' ? value.data : undefined;
  }

  private typed(key: string, type: Value['type']): Value | undefined {
    const entry = this.entry(key);
    if (entry && entry.value.type !== type) throw new Error(WRONGTYPE);
    return entry?.value;
  }

  private create<V extends Value>(key: string, value: V): V['data'] {
    this.write(key, value, undefined);
    return value.data;
  }

  /** Replaces the key's value and TTL (SET semantics: no TTL clears any previous one). */
  private write(key: string, value: Value, ttlMs: number | undefined): void {
    this.assertOpen();
    const entry: Entry = { value, expiresAt: undefined };
    this.entries.set(key, entry);
    if (ttlMs === undefined) this.expiring.delete(key);
    else this.setExpiry(key, entry, ttlMs);
  }

  private setExpiry(key: string, entry: Entry, ttlMs: number): void {
    entry.expiresAt = performance.now() + ttlMs;
    this.expiring.add(key);
  }

  private remove(key: string): boolean {
    this.expiring.delete(key);
    return this.entries.delete(key);
  }
}
