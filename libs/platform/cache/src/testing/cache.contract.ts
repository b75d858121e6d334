import { randomUUID } from 'node:crypto';
import type { Cache } from '../cache';
import { eventually } from './cache-contract.helpers';
import { describeCoordinationContract } from './cache-coordination.contract';

export { eventually, sleep } from './cache-contract.helpers';

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
        await cache.set(k('t'), 'v', 150);
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
        expect(await cache.setIfAbsent(k('n'), 'first', 150)).toBe(true);
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

    describeCoordinationContract({ cache: () => cache, k: (suffix) => k(suffix) });
  });
}
