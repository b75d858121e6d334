import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import type { DependencyStatus } from '@flotilla/platform-health';
import { RedisCache } from './redis-cache';
import { describeCacheContract, eventually, sleep } from './testing/cache.contract';

const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `flotilla-test:${randomUUID().slice(0, 8)}:`;

/** Deletes every key this run created (all under PREFIX). */
async function cleanUp(): Promise<void> {
  const raw = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await raw.del(...keys);
    } while (cursor !== '0');
  } finally {
    raw.disconnect();
  }
}

afterAll(cleanUp);

describeCacheContract('RedisCache', () => new RedisCache({ url: REDIS_URL, keyPrefix: PREFIX }));

describe('RedisCache', () => {
  it('namespaces keys and channels with the key prefix', async () => {
    const cache = new RedisCache({ url: REDIS_URL, keyPrefix: PREFIX });
    const raw = new Redis(REDIS_URL);
    try {
      await cache.start();
      await cache.ready(5_000);
      await cache.set('plain', 'v');
      expect(await raw.get(`${PREFIX}plain`)).toBe('v');
      const lock = await cache.acquireLock('job', 5_000);
      expect(await raw.exists(`${PREFIX}lock:job`)).toBe(1);
      await lock?.release();

      const got: string[] = [];
      await cache.subscribe('ch', (m) => got.push(m));
      expect(await raw.publish(`${PREFIX}ch`, 'from outside')).toBeGreaterThanOrEqual(1);
      await eventually(() => expect(got).toEqual(['from outside']));
    } finally {
      raw.disconnect();
      await cache.close();
    }
  });

  it('stays up under its PING probe, subscriber connection included', async () => {
    const statuses: DependencyStatus[] = [];
    const cache = new RedisCache({ url: REDIS_URL, keyPrefix: PREFIX, probeIntervalMs: 20, onStatus: (s) => statuses.push(s) });
    await cache.start();
    await cache.ready(5_000);
    const got: string[] = [];
    await cache.subscribe('probed', (m) => got.push(m));
    await sleep(200);
    await cache.publish('probed', 'still here');
    await eventually(() => expect(got).toEqual(['still here']));
    expect(statuses).toEqual(['up']);
    await cache.close();
  });

  it('passes Redis error replies through unchanged', async () => {
    const cache = new RedisCache({ url: REDIS_URL, keyPrefix: PREFIX });
    await cache.start();
    await cache.ready(5_000);
    await cache.set('s', 'v');
    const err: unknown = await cache.hget('s', 'f').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(DependencyUnavailableError);
    expect((err as Error).name).toBe('ReplyError');
    await cache.close();
    expect(cache.health()).toEqual({ name: 'cache', kind: 'redis', status: 'down', detail: 'closed' });
    await expect(cache.get('s')).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it('starts against an unreachable Redis, reports not up and fails fast', async () => {
    const statuses: DependencyStatus[] = [];
    const cache = new RedisCache({ url: 'redis://127.0.0.1:1', keyPrefix: PREFIX, onStatus: (s) => statuses.push(s) });
    await expect(cache.start()).resolves.toBeUndefined();
    expect(cache.health().status).not.toBe('up');

    const began = Date.now();
    await expect(cache.get('k')).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(cache.subscribe('ch', () => undefined)).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(cache.acquireLock('job', 1_000)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(Date.now() - began).toBeLessThan(2_000);

    await eventually(() => expect(cache.health().status).toBe('down'));
    expect(cache.health().detail).toMatch(/ECONNREFUSED/);
    expect(statuses).toEqual(['down']);
    await expect(cache.ready(200)).rejects.toThrow(/not ready/);
    await cache.close();
  });

  it('recovers by itself when its connections drop', async () => {
    const name = `flotilla-test-${randomUUID().slice(0, 8)}`;
    const cache = new RedisCache({ url: REDIS_URL, keyPrefix: PREFIX, connectionName: name, backoff: { initialMs: 20, maxMs: 100, jitter: 0 } });
    const raw = new Redis(REDIS_URL);
    try {
      await cache.start();
      await cache.ready(5_000);
      const got: string[] = [];
      await cache.subscribe('ch', (m) => got.push(m));
      // Kill this cache's two connections (and only those: the server is shared) from the server side.
      const clients = String(await raw.client('LIST'));
      const ids = [...clients.matchAll(new RegExp(`id=(\\d+) .*name=${name}:`, 'g'))].map((m) => m[1] ?? '');
      expect(ids).toHaveLength(2);
      for (const id of ids) await raw.client('KILL', 'ID', id);
      await eventually(() => expect(cache.health().status).not.toBe('up'), 2_000, 5);
      await eventually(() => expect(cache.health().status).toBe('up'), 5_000);
      await eventually(
        async () => {
          await cache.publish('ch', 'after reconnect');
          expect(got).toContain('after reconnect');
        },
        5_000,
        100,
      );
      expect(await cache.incr('counter')).toBe(1);
    } finally {
      raw.disconnect();
      await cache.close();
    }
  });
});
