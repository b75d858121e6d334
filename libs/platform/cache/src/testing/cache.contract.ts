import { randomUUID } from 'node:crypto';
import type { Cache, Lock } from '../cache';

/** Polls `check` until it stops throwing (TTL expiry, pub/sub delivery). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 3_000, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(everyMs);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The behaviour every Cache implementation shares (Redis and the in-memory stand-in), so code
 * tested in standalone mode behaves the same in distributed mode. Each test uses its own keys.
 */
export function describeCacheContract(name: string, makeCache: () => Cache | Promise<Cache>): void {
  describe(`Cache contract: ${name}`, () => {
    let cache: Cache;
    let k: (suffix: string) => string;

    beforeAll(async () => {
      cache = await makeCache();
      await cache.start();
      await cache.ready(10_000);
    });
    afterAll(() => cache.close());
    beforeEach(() => {
      const id = randomUUID().slice(0, 8);
      k = (suffix) => `contract:${id}:${suffix}`;
    });

    it('reports up once ready', async () => {
      expect((await cache.health()).status).toBe('up');
    });

    describe('strings', () => {
      it('gets, sets, overwrites and deletes', async () => {
        expect(await cache.get(k('a'))).toBeNull();
        await cache.set(k('a'), 'one');
        await cache.set(k('a'), 'two');
        await cache.set(k('b'), '');
        expect(await cache.get(k('a'))).toBe('two');
        expect(await cache.get(k('b'))).toBe('');
        expect(await cache.getMany([k('a'), k('missing'), k('b')])).toEqual(['two', null, '']);
        expect(await cache.getMany([])).toEqual([]);
        expect(await cache.del(k('a'), k('b'), k('missing'))).toBe(2);
        expect(await cache.del()).toBe(0);
        expect(await cache.get(k('a'))).toBeNull();
      });

      it('keeps unicode values intact', async () => {
        await cache.set(k('u'), 'ünïcødé ✓ 🚢');
        expect(await cache.get(k('u'))).toBe('ünïcødé ✓ 🚢');
      });

      it('expires a value set with a TTL', async () => {
        await cache.set(k('t'), 'v', 80);
        expect(await cache.get(k('t'))).toBe('v');
        await eventually(async () => expect(await cache.get(k('t'))).toBeNull());
        expect(await cache.ttl(k('t'))).toBe(-2);
      });

      it('clears the TTL when set again without one', async () => {
        await cache.set(k('t'), 'v', 10_000);
        await cache.set(k('t'), 'w');
        expect(await cache.ttl(k('t'))).toBe(-1);
      });

      it('setIfAbsent sets only when missing (or expired)', async () => {
        expect(await cache.setIfAbsent(k('n'), 'first', 100)).toBe(true);
        expect(await cache.setIfAbsent(k('n'), 'second')).toBe(false);
        expect(await cache.get(k('n'))).toBe('first');
        await eventually(async () => expect(await cache.setIfAbsent(k('n'), 'third')).toBe(true));
        expect(await cache.get(k('n'))).toBe('third');
        expect(await cache.ttl(k('n'))).toBe(-1);
      });

      it('rejects non-positive TTLs', async () => {
        await expect(cache.set(k('x'), 'v', 0)).rejects.toThrow(RangeError);
        await expect(cache.expire(k('x'), -5)).rejects.toThrow(RangeError);
        await expect(cache.incr(k('x'), 1, Number.NaN)).rejects.toThrow(RangeError);
      });
    });

    describe('incr', () => {
      it('creates at 0 and adds', async () => {
        expect(await cache.incr(k('c'))).toBe(1);
        expect(await cache.incr(k('c'))).toBe(2);
        expect(await cache.incr(k('c'), 10)).toBe(12);
        expect(await cache.incr(k('c'), -20)).toBe(-8);
        expect(await cache.get(k('c'))).toBe('-8');
        await cache.set(k('s'), '41');
        expect(await cache.incr(k('s'))).toBe(42);
      });

      it('sets the TTL only when it creates the key', async () => {
        expect(await cache.incr(k('r'), 1, 150)).toBe(1);
        const ttl = await cache.ttl(k('r'));
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(150);
        expect(await cache.incr(k('r'), 1, 60_000)).toBe(2);
        expect(await cache.ttl(k('r'))).toBeLessThanOrEqual(150);
        await eventually(async () => expect(await cache.get(k('r'))).toBeNull());
        expect(await cache.incr(k('r'), 5, 60_000)).toBe(5);
        expect(await cache.ttl(k('r'))).toBeGreaterThan(150);
      });

      it('rejects a non-integer value or increment', async () => {
        await cache.set(k('s'), 'abc');
        await expect(cache.incr(k('s'))).rejects.toThrow(/not an integer/);
        await expect(cache.incr(k('s'), 1.5)).rejects.toThrow(RangeError);
      });
    });

    describe('expire and ttl', () => {
      it('answers -2 for missing keys and -1 for keys without expiry', async () => {
        expect(await cache.ttl(k('missing'))).toBe(-2);
        await cache.set(k('p'), 'v');
        expect(await cache.ttl(k('p'))).toBe(-1);
      });

      it('sets a TTL on existing keys only', async () => {
        expect(await cache.expire(k('missing'), 1_000)).toBe(false);
        await cache.set(k('e'), 'v');
        expect(await cache.expire(k('e'), 10_000)).toBe(true);
        const ttl = await cache.ttl(k('e'));
        expect(ttl).toBeGreaterThan(9_000);
        expect(ttl).toBeLessThanOrEqual(10_000);
        expect(await cache.expire(k('e'), 50)).toBe(true);
        await eventually(async () => expect(await cache.ttl(k('e'))).toBe(-2));
      });

      it('expires hashes and sets too', async () => {
        await cache.hset(k('h'), { f: 'v' });
        await cache.sadd(k('s'), 'm');
        await cache.expire(k('h'), 60);
        await cache.expire(k('s'), 60);
        await eventually(async () => {
          expect(await cache.hgetall(k('h'))).toEqual({});
          expect(await cache.scard(k('s'))).toBe(0);
        });
      });
    });

    describe('hashes', () => {
      it('sets, reads and deletes fields', async () => {
        await cache.hset(k('h'), { a: '1', b: '2' });
        await cache.hset(k('h'), { b: '3', c: '' });
        await cache.hset(k('h'), {});
        expect(await cache.hget(k('h'), 'b')).toBe('3');
        expect(await cache.hget(k('h'), 'zz')).toBeNull();
        expect(await cache.hget(k('missing'), 'a')).toBeNull();
        expect(await cache.hgetall(k('h'))).toEqual({ a: '1', b: '3', c: '' });
        expect(await cache.hgetall(k('missing'))).toEqual({});
        expect(await cache.hdel(k('h'), 'a', 'zz')).toBe(1);
        expect(await cache.hdel(k('h'))).toBe(0);
        expect(await cache.hdel(k('h'), 'b', 'c')).toBe(2);
        expect(await cache.ttl(k('h'))).toBe(-2);
      });

      it('rejects operations on a key of another type', async () => {
        await cache.set(k('str'), 'v');
        await cache.hset(k('hash'), { f: 'v' });
        await expect(cache.hget(k('str'), 'f')).rejects.toThrow(/WRONGTYPE/);
        await expect(cache.get(k('hash'))).rejects.toThrow(/WRONGTYPE/);
        await expect(cache.sadd(k('hash'), 'm')).rejects.toThrow(/WRONGTYPE/);
        expect(await cache.getMany([k('hash'), k('str')])).toEqual([null, 'v']);
      });
    });

    describe('sets', () => {
      it('adds, checks, counts and removes members', async () => {
        expect(await cache.sadd(k('s'), 'b', 'a', 'b')).toBe(2);
        expect(await cache.sadd(k('s'), 'a', 'c')).toBe(1);
        expect(await cache.sadd(k('s'))).toBe(0);
        expect((await cache.smembers(k('s'))).sort()).toEqual(['a', 'b', 'c']);
        expect(await cache.sismember(k('s'), 'a')).toBe(true);
        expect(await cache.sismember(k('s'), 'z')).toBe(false);
        expect(await cache.scard(k('s'))).toBe(3);
        expect(await cache.srem(k('s'), 'a', 'z')).toBe(1);
        expect(await cache.srem(k('s'), 'b', 'c')).toBe(2);
        expect(await cache.ttl(k('s'))).toBe(-2);
      });

      it('treats a missing key as the empty set', async () => {
        expect(await cache.smembers(k('missing'))).toEqual([]);
        expect(await cache.scard(k('missing'))).toBe(0);
        expect(await cache.sismember(k('missing'), 'a')).toBe(false);
        expect(await cache.srem(k('missing'), 'a')).toBe(0);
      });
    });

    describe('bits', () => {
      it('setBit returns the previous bit; getBit and bitCount read them', async () => {
        expect(await cache.setBit(k('b'), 7, 1)).toBe(0);
        expect(await cache.setBit(k('b'), 7, 1)).toBe(1);
        expect(await cache.setBit(k('b'), 100_000, 1)).toBe(0);
        expect(await cache.getBit(k('b'), 7)).toBe(1);
        expect(await cache.getBit(k('b'), 6)).toBe(0);
        expect(await cache.getBit(k('b'), 100_000)).toBe(1);
        expect(await cache.bitCount(k('b'))).toBe(2);
        expect(await cache.setBit(k('b'), 7, 0)).toBe(1);
        expect(await cache.bitCount(k('b'))).toBe(1);
      });

      it('reads 0 beyond the end and for missing keys', async () => {
        await cache.setBit(k('b'), 3, 1);
        expect(await cache.getBit(k('b'), 4_000_000)).toBe(0);
        expect(await cache.getBit(k('missing'), 0)).toBe(0);
        expect(await cache.bitCount(k('missing'))).toBe(0);
      });

      it('numbers bits from the most significant bit of the first byte, over string values', async () => {
        await cache.set(k('s'), 'a'); // 0x61 = 0110 0001
        const bits = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => cache.getBit(k('s'), i)));
        expect(bits).toEqual([0, 1, 1, 0, 0, 0, 0, 1]);
        expect(await cache.bitCount(k('s'))).toBe(3);
        expect(await cache.setBit(k('s'), 6, 1)).toBe(0);
        expect(await cache.get(k('s'))).toBe('c');
      });

      it('rejects invalid offsets', async () => {
        await expect(cache.setBit(k('b'), -1, 1)).rejects.toThrow(RangeError);
        await expect(cache.getBit(k('b'), 1.5)).rejects.toThrow(RangeError);
      });
    });

    describe('pub/sub', () => {
      it('delivers messages in order, never synchronously inside publish', async () => {
        const got: string[] = [];
        const unsubscribe = await cache.subscribe(k('ch'), (m) => got.push(m));
        const published = cache.publish(k('ch'), 'one');
        expect(got).toEqual([]);
        await published;
        await cache.publish(k('ch'), 'two');
        await cache.publish(k('ch'), 'three');
        await eventually(() => expect(got).toEqual(['one', 'two', 'three']));
        await unsubscribe();
      });

      it('delivers to every handler and only on its channel', async () => {
        const a: string[] = [];
        const b: string[] = [];
        const other: string[] = [];
        const unsubs = await Promise.all([
          cache.subscribe(k('ch'), (m) => a.push(m)),
          cache.subscribe(k('ch'), (m) => b.push(m)),
          cache.subscribe(k('other'), (m) => other.push(m)),
        ]);
        await cache.publish(k('ch'), 'hello');
        await cache.publish(k('nobody-listens'), 'lost');
        await eventually(() => expect([a, b]).toEqual([['hello'], ['hello']]));
        expect(other).toEqual([]);
        await Promise.all(unsubs.map((u) => u()));
      });

      it('stops delivering to a handler once unsubscribed', async () => {
        const gone: string[] = [];
        const stays: string[] = [];
        const sentinel: string[] = [];
        const unsubGone = await cache.subscribe(k('ch'), (m) => gone.push(m));
        const unsubStays = await cache.subscribe(k('ch'), (m) => stays.push(m));
        const unsubSentinel = await cache.subscribe(k('sentinel'), (m) => sentinel.push(m));
        await cache.publish(k('ch'), 'before');
        await eventually(() => expect(gone).toEqual(['before']));

        await unsubGone();
        await cache.publish(k('ch'), 'after');
        await eventually(() => expect(stays).toEqual(['before', 'after']));
        expect(gone).toEqual(['before']);

        // Last handler gone: a later message on the sentinel channel proves nothing else arrives.
        await unsubStays();
        await unsubStays();
        await cache.publish(k('ch'), 'late');
        await cache.publish(k('sentinel'), 'done');
        await eventually(() => expect(sentinel).toEqual(['done']));
        expect(stays).toEqual(['before', 'after']);
        await unsubSentinel();
      });
    });

    describe('locks', () => {
      it('is exclusive until released, and only once', async () => {
        const lock = await cache.acquireLock(k('job'), 5_000);
        expect(lock?.name).toBe(k('job'));
        expect(await cache.acquireLock(k('job'), 5_000)).toBeNull();
        const otherName = await cache.acquireLock(k('other-job'), 5_000);
        expect(otherName).not.toBeNull();
        expect(await lock?.release()).toBe(true);
        expect(await lock?.release()).toBe(false);
        const again = await cache.acquireLock(k('job'), 5_000);
        expect(again).not.toBeNull();
        await again?.release();
        await otherName?.release();
      });

      it('lives beside a plain key of the same name', async () => {
        await cache.set(k('job'), 'plain value');
        const lock = await cache.acquireLock(k('job'), 5_000);
        expect(lock).not.toBeNull();
        expect(await cache.get(k('job'))).toBe('plain value');
        await lock?.release();
      });

      it('expires, after which another holder acquires it and the first can neither release nor extend', async () => {
        const first = await cache.acquireLock(k('job'), 100);
        expect(first).not.toBeNull();
        const held: Lock[] = [];
        await eventually(async () => {
          const second = await cache.acquireLock(k('job'), 5_000);
          expect(second).not.toBeNull();
          if (second) held.push(second);
        });
        expect(await first?.release()).toBe(false);
        expect(await first?.extend(5_000)).toBe(false);
        expect(await cache.acquireLock(k('job'), 5_000)).toBeNull();
        expect(await held[0]?.release()).toBe(true);
      });

      it('stays held past its TTL when extended', async () => {
        const lock = await cache.acquireLock(k('job'), 150);
        expect(await lock?.extend(5_000)).toBe(true);
        await sleep(300);
        expect(await cache.acquireLock(k('job'), 5_000)).toBeNull();
        expect(await lock?.release()).toBe(true);
      });
    });
  });
}
