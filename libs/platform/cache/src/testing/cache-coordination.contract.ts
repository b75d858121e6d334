import type { Lock } from '../cache';
import { CacheContractContext, eventually, sleep } from './cache-contract.helpers';

/** Pub/sub and locks: the coordination half of the Cache contract (see describeCacheContract). */
export function describeCoordinationContract(ctx: CacheContractContext): void {
  describe('pub/sub', () => {
    it('delivers messages in order, never synchronously inside publish', async () => {
      const got: string[] = [];
      const unsubscribe = await ctx.cache().subscribe(ctx.k('ch'), (m) => got.push(m));
      const published = ctx.cache().publish(ctx.k('ch'), 'one');
      expect(got).toEqual([]);
      await published;
      await ctx.cache().publish(ctx.k('ch'), 'two');
      await ctx.cache().publish(ctx.k('ch'), 'three');
      await eventually(() => expect(got).toEqual(['one', 'two', 'three']));
      await unsubscribe();
    });

    it('delivers to every handler and only on its channel', async () => {
      const a: string[] = [];
      const b: string[] = [];
      const other: string[] = [];
      const unsubs = await Promise.all([
        ctx.cache().subscribe(ctx.k('ch'), (m) => a.push(m)),
        ctx.cache().subscribe(ctx.k('ch'), (m) => b.push(m)),
        ctx.cache().subscribe(ctx.k('other'), (m) => other.push(m)),
      ]);
      await ctx.cache().publish(ctx.k('ch'), 'hello');
      await ctx.cache().publish(ctx.k('nobody-listens'), 'lost');
      await eventually(() => expect([a, b]).toEqual([['hello'], ['hello']]));
      expect(other).toEqual([]);
      await Promise.all(unsubs.map((u) => u()));
    });

    it('stops delivering to a handler once unsubscribed', async () => {
      const gone: string[] = [];
      const stays: string[] = [];
      const sentinel: string[] = [];
      const unsubGone = await ctx.cache().subscribe(ctx.k('ch'), (m) => gone.push(m));
      const unsubStays = await ctx.cache().subscribe(ctx.k('ch'), (m) => stays.push(m));
      const unsubSentinel = await ctx.cache().subscribe(ctx.k('sentinel'), (m) => sentinel.push(m));
      await ctx.cache().publish(ctx.k('ch'), 'before');
      await eventually(() => expect(gone).toEqual(['before']));

      await unsubGone();
      await ctx.cache().publish(ctx.k('ch'), 'after');
      await eventually(() => expect(stays).toEqual(['before', 'after']));
      expect(gone).toEqual(['before']);

      // Last handler gone: a later message on the sentinel channel proves nothing else arrives.
      await unsubStays();
      await unsubStays();
      await ctx.cache().publish(ctx.k('ch'), 'late');
      await ctx.cache().publish(ctx.k('sentinel'), 'done');
      await eventually(() => expect(sentinel).toEqual(['done']));
      expect(stays).toEqual(['before', 'after']);
      await unsubSentinel();
    });
  });

  describe('locks', () => {
    it('is exclusive until released, and only once', async () => {
      const lock = await ctx.cache().acquireLock(ctx.k('job'), 5_000);
      expect(lock?.name).toBe(ctx.k('job'));
      expect(await ctx.cache().acquireLock(ctx.k('job'), 5_000)).toBeNull();
      const otherName = await ctx.cache().acquireLock(ctx.k('other-job'), 5_000);
      expect(otherName).not.toBeNull();
      expect(await lock?.release()).toBe(true);
      expect(await lock?.release()).toBe(false);
      const again = await ctx.cache().acquireLock(ctx.k('job'), 5_000);
      expect(again).not.toBeNull();
      await again?.release();
      await otherName?.release();
    });

    it('lives beside a plain key of the same name', async () => {
      await ctx.cache().set(ctx.k('job'), 'plain value');
      const lock = await ctx.cache().acquireLock(ctx.k('job'), 5_000);
      expect(lock).not.toBeNull();
      expect(await ctx.cache().get(ctx.k('job'))).toBe('plain value');
      await lock?.release();
    });

    it('expires, after which another holder acquires it and the first can neither release nor extend', async () => {
      const first = await ctx.cache().acquireLock(ctx.k('job'), 100);
      expect(first).not.toBeNull();
      const held: Lock[] = [];
      await eventually(async () => {
        const second = await ctx.cache().acquireLock(ctx.k('job'), 5_000);
        expect(second).not.toBeNull();
        if (second) held.push(second);
      });
      expect(await first?.release()).toBe(false);
      expect(await first?.extend(5_000)).toBe(false);
      expect(await ctx.cache().acquireLock(ctx.k('job'), 5_000)).toBeNull();
      expect(await held[0]?.release()).toBe(true);
    });

    it('stays held past its TTL when extended', async () => {
      const lock = await ctx.cache().acquireLock(ctx.k('job'), 300);
      expect(await lock?.extend(5_000)).toBe(true);
      await sleep(450);
      expect(await ctx.cache().acquireLock(ctx.k('job'), 5_000)).toBeNull();
      expect(await lock?.release()).toBe(true);
    });
  });
}
