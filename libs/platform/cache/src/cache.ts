import type { ManagedDependency } from '@flotilla/platform-health';

export interface Lock {
  readonly name: string;
  /** Releases the lock if this holder still owns it; false if it had expired or was taken over. */
  release(): Promise<boolean>;
  /** Extends the lock's TTL if this holder still owns it. */
  extend(ttlMs: number): Promise<boolean>;
}

export type Unsubscribe = () => Promise<void>;

/**
 * Cache, sets, bitfields, pub/sub and distributed locks (DESIGN.md "Data": Redis or its
 * in-memory stand-in). Keys are plain strings; callers namespace them (`host:nodekey:<key>`).
 * Values are strings (callers JSON-encode). TTLs are in milliseconds; no TTL means no expiry.
 * When the backend is down, operations reject with `DependencyUnavailableError` (503).
 * Invalid arguments (a TTL <= 0, a non-integer increment, a bit offset outside [0, 2^32)) reject
 * with `RangeError`; using a key as the wrong type rejects with Redis's `WRONGTYPE` error.
 */
export interface Cache extends ManagedDependency {
  get(key: string): Promise<string | null>;
  getMany(keys: readonly string[]): Promise<Array<string | null>>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Sets only if absent; true if it was set. */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  del(...keys: string[]): Promise<number>;
  /** Atomic increment (creates at 0); sets the TTL when the key is created. */
  incr(key: string, by?: number, ttlMs?: number): Promise<number>;
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Remaining TTL in ms; -1 no expiry; -2 missing. */
  ttl(key: string): Promise<number>;

  hset(key: string, fields: Readonly<Record<string, string>>): Promise<void>;
  hget(key: string, field: string): Promise<string | null>;
  hgetall(key: string): Promise<Record<string, string>>;
  hdel(key: string, ...fields: string[]): Promise<number>;

  sadd(key: string, ...members: string[]): Promise<number>;
  srem(key: string, ...members: string[]): Promise<number>;
  smembers(key: string): Promise<string[]>;
  sismember(key: string, member: string): Promise<boolean>;
  scard(key: string): Promise<number>;

  /** Returns the previous bit. */
  setBit(key: string, offset: number, value: 0 | 1): Promise<0 | 1>;
  getBit(key: string, offset: number): Promise<0 | 1>;
  bitCount(key: string): Promise<number>;

  publish(channel: string, message: string): Promise<void>;
  /** Handler gets every message published on `channel` after the returned promise resolves. */
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;

  /**
   * Distributed lock for scheduled jobs: null if someone else holds it. Expires after `ttlMs` unless
   * extended. Held as key `lock:<name>` (a random owner token), apart from a plain key `<name>`.
   */
  acquireLock(name: string, ttlMs: number): Promise<Lock | null>;
}
