import type { Redis } from 'ioredis';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import type { BackoffOptions, DependencyHealth, DependencyStatus } from '@flotilla/platform-health';
import type { Cache, Lock, Unsubscribe } from './cache';
import { bitOffsetArg, incrementArg, optionalTtlArg, ttlArg } from './cache-args';
import { RedisConnection } from './redis-connection';
import { RedisScripts, withScripts } from './redis-scripts';
import { LockStore, lockKey, newLockToken, TokenLock } from './token-lock';

export interface RedisCacheOptions {
  /** `redis://[user:pass@]host:port[/db]` (or `rediss://`). */
  url: string;
  /** Prepended to every key and channel, so deployments and test runs can share a server. */
  keyPrefix?: string;
  /** Shown in `CLIENT LIST` as `<name>:command` and `<name>:subscriber` (e.g. the service name). */
  connectionName?: string;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
  /** A command with no reply after this long fails as unavailable. Default 5000 ms. */
  commandTimeoutMs?: number;
  /** PING period on each live connection, to catch half-open sockets. Default 5000 ms. */
  probeIntervalMs?: number;
  /** Reconnect backoff; default the platform's DEFAULT_BACKOFF. */
  backoff?: BackoffOptions;
  /** Called on every status change, for logging. */
  onStatus?: (status: DependencyStatus, detail?: string) => void;
  /** A pub/sub handler threw; wire this to the logger. Default: ignored. */
  onHandlerError?: (channel: string, err: unknown) => void;
}

interface HandlerEntry {
  handler: (message: string) => void;
}

/** Replies that mean "Redis cannot serve right now" rather than "your command is wrong". */
const UNAVAILABLE_REPLY = /^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY)\b/;

/**
 * The Cache on Redis (ioredis 5). `start()` never throws: both connections (commands, and a
 * second one in subscriber mode) reconnect on their own, health follows their events, and
 * while Redis is down every command rejects at once with `DependencyUnavailableError('cache')`.
 */
export class RedisCache implements Cache {
  private readonly main: RedisConnection;
  private readonly sub: RedisConnection;
  private readonly redis: Redis & RedisScripts;
  private readonly channelPrefix: string;
  private readonly handlers = new Map<string, Set<HandlerEntry>>();
  private readonly waiters = new Set<() => void>();
  private readonly locks: LockStore;
  private reported: DependencyStatus = 'starting';
  private probeTimer: NodeJS.Timeout | undefined;
  private started = false;
  private closed = false;

  constructor(private readonly opts: RedisCacheOptions) {
    const conn = {
      url: opts.url,
      connectTimeoutMs: opts.connectTimeoutMs ?? 5_000,
      commandTimeoutMs: opts.commandTimeoutMs ?? 5_000,
      ...(opts.connectionName ? { connectionName: opts.connectionName } : {}),
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
    };
    this.main = new RedisConnection('command', { ...conn, ...(opts.keyPrefix ? { keyPrefix: opts.keyPrefix } : {}) }, () => this.statusChanged());
    this.sub = new RedisConnection('subscriber', conn, () => this.statusChanged());
    this.redis = withScripts(this.main.client);
    // ioredis prefixes keys, not channels: do that here so pub/sub is namespaced too.
    this.channelPrefix = opts.keyPrefix ?? '';
    this.sub.client.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    this.locks = {
      releaseIfOwner: async (key, token) => (await this.run((r) => r.flotillaReleaseLock(key, token))) === 1,
      extendIfOwner: async (key, token, ttlMs) => {
        const ttl = ttlArg(ttlMs);
        return (await this.run((r) => r.flotillaExtendLock(key, token, ttl))) === 1;
      },
    };
  }

  async start(): Promise<void> {
    if (this.started || this.closed) return;
    this.started = true;
    this.main.start();
    this.sub.start();
    this.probeTimer = setInterval(() => this.probe(), this.opts.probeIntervalMs ?? 5_000);
    this.probeTimer.unref();
  }

  ready(timeoutMs = 30_000): Promise<void> {
    if (this.health().status === 'up') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`cache not ready after ${timeoutMs} ms: ${this.health().detail ?? 'starting'}`));
      }, timeoutMs);
      timer.unref();
      this.waiters.add(done);
    });
  }

  health(): DependencyHealth {
    const base = { name: 'cache', kind: 'redis' };
    if (this.closed) return { ...base, status: 'down', detail: 'closed' };
    const conns = [this.main, this.sub];
    if (conns.every((c) => c.status === 'up')) return { ...base, status: 'up' };
    const status: DependencyStatus = conns.some((c) => c.status === 'down') ? 'down' : 'starting';
    return { ...base, status, detail: conns.flatMap((c) => c.detail ?? []).join('; ') };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.handlers.clear();
    await Promise.all([this.main.close(), this.sub.close()]);
  }

  async get(key: string): Promise<string | null> {
    return this.run((r) => r.get(key));
  }

  async getMany(keys: readonly string[]): Promise<Array<string | null>> {
    if (keys.length === 0) return [];
    return this.run((r) => r.mget([...keys]));
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    const ttl = optionalTtlArg(ttlMs);
    await this.run((r) => (ttl === undefined ? r.set(key, value) : r.set(key, value, 'PX', ttl)));
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const ttl = optionalTtlArg(ttlMs);
    const reply = await this.run((r) => (ttl === undefined ? r.set(key, value, 'NX') : r.set(key, value, 'PX', ttl, 'NX')));
    return reply === 'OK';
  }

  async del(...keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.run((r) => r.del(...keys));
  }

  async incr(key: string, by = 1, ttlMs?: number): Promise<number> {
    incrementArg(by);
    const ttl = optionalTtlArg(ttlMs);
    return this.run((r) => (ttl === undefined ? r.incrby(key, by) : r.flotillaIncrTtl(key, by, ttl)));
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    const ttl = ttlArg(ttlMs);
    return (await this.run((r) => r.pexpire(key, ttl))) === 1;
  }

  async ttl(key: string): Promise<number> {
    return this.run((r) => r.pttl(key));
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<void> {
    if (Object.keys(fields).length === 0) return;
    await this.run((r) => r.hset(key, fields));
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.run((r) => r.hget(key, field));
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return this.run((r) => r.hgetall(key));
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    if (fields.length === 0) return 0;
    return this.run((r) => r.hdel(key, ...fields));
  }

  async sadd(key: string, ...members: string[]): Promise<number> {
    if (members.length === 0) return 0;
    return this.run((r) => r.sadd(key, ...members));
  }

  async srem(key: string, ...members: string[]): Promise<number> {
    if (members.length === 0) return 0;
    return this.run((r) => r.srem(key, ...members));
  }

  async smembers(key: string): Promise<string[]> {
    return this.run((r) => r.smembers(key));
  }

  async sismember(key: string, member: string): Promise<boolean> {
    return (await this.run((r) => r.sismember(key, member))) === 1;
  }

  async scard(key: string): Promise<number> {
    return this.run((r) => r.scard(key));
  }

  async setBit(key: string, offset: number, value: 0 | 1): Promise<0 | 1> {
    bitOffsetArg(offset);
    return (await this.run((r) => r.setbit(key, offset, value))) === 1 ? 1 : 0;
  }

  async getBit(key: string, offset: number): Promise<0 | 1> {
    bitOffsetArg(offset);
    return (await this.run((r) => r.getbit(key, offset))) === 1 ? 1 : 0;
  }

  async bitCount(key: string): Promise<number> {
    return this.run((r) => r.bitcount(key));
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.run((r) => r.publish(this.channelPrefix + channel, message));
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    const full = this.channelPrefix + channel;
    if (!this.handlers.has(full)) await this.run(() => this.sub.client.subscribe(full));
    let entries = this.handlers.get(full);
    if (!entries) {
      entries = new Set();
      this.handlers.set(full, entries);
    }
    const entry: HandlerEntry = { handler };
    entries.add(entry);
    return async () => {
      const current = this.handlers.get(full);
      if (!current?.delete(entry) || current.size > 0) return;
      this.handlers.delete(full);
      // The handler is gone locally either way; if Redis is down, the stale server-side
      // subscription only delivers messages that `dispatch` drops.
      if (!this.closed) await this.sub.client.unsubscribe(full).catch(() => undefined);
    };
  }

  async acquireLock(name: string, ttlMs: number): Promise<Lock | null> {
    const ttl = ttlArg(ttlMs);
    const token = newLockToken();
    const reply = await this.run((r) => r.set(lockKey(name), token, 'PX', ttl, 'NX'));
    return reply === 'OK' ? new TokenLock(name, token, this.locks) : null;
  }

  private async run<T>(op: (redis: Redis & RedisScripts) => Promise<T>): Promise<T> {
    if (this.closed) throw new DependencyUnavailableError('cache', new Error('cache closed'));
    try {
      return await op(this.redis);
    } catch (err) {
      // Redis's own error replies (WRONGTYPE, not an integer…) are the caller's bug: pass them on.
      if (isReplyError(err) && !UNAVAILABLE_REPLY.test(errorMessage(err))) throw err;
      throw new DependencyUnavailableError('cache', err);
    }
  }

  private dispatch(channel: string, message: string): void {
    const entries = this.handlers.get(channel);
    if (!entries) return;
    for (const entry of [...entries]) {
      if (!entries.has(entry)) continue;
      try {
        entry.handler(message);
      } catch (err) {
        this.opts.onHandlerError?.(channel.slice(this.channelPrefix.length), err);
      }
    }
  }

  private probe(): void {
    for (const conn of [this.main, this.sub]) {
      if (conn.status !== 'up') continue;
      conn.client.ping().catch((err: unknown) => {
        if (this.closed || isReplyError(err)) return;
        conn.reconnect(`PING failed: ${errorMessage(err)}`);
      });
    }
  }

  private statusChanged(): void {
    const { status, detail } = this.health();
    if (status === this.reported) return;
    this.reported = status;
    this.opts.onStatus?.(status, detail);
    if (status !== 'up') return;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }
}

/** Redis's own error reply (duck-typed: `instanceof` fails across VM contexts). */
function isReplyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ReplyError';
}

function errorMessage(err: unknown): string {
  const message = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(err);
}
