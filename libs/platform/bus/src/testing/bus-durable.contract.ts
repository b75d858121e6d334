import type { StreamContract } from '@flotilla/contracts';
import type { Bus, BusSubscription, DurableContext } from '../bus';
import { Gate, itemEvent, pause, waitFor } from './bus-contract.helpers';

type ItemStream = StreamContract<typeof itemEvent>;

interface Received {
  n: number;
  ctx: DurableContext;
}

export interface DurableContractDeps {
  bus: () => Bus;
  track: (p: Promise<BusSubscription>) => Promise<BusSubscription>;
  held: () => Gate;
  /** A fresh stream contract (recorded for cleanup). */
  stream: () => ItemStream;
}

/** The durable-stream half of the bus contract (see `bus.contract.ts`). */
export function describeDurableContract({ bus, track, held, stream }: DurableContractDeps): void {
  describe('durable streams', () => {
    it('append resolves with increasing sequence numbers', async () => {
      const c = stream();
      const results = [];
      for (let n = 0; n < 3; n++) results.push(await bus().append(c, { n }));
      expect(results.map((r) => r.duplicate)).toEqual([false, false, false]);
      const seqs = results.map((r) => r.seq);
      expect(seqs[0]).toBeGreaterThan(0);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(3);
    });

    it('de-duplicates by msgId', async () => {
      const c = stream();
      const first = await bus().append(c, { n: 1 }, { msgId: 'm-1' });
      const again = await bus().append(c, { n: 1 }, { msgId: 'm-1' });
      const second = await bus().append(c, { n: 2 }, { msgId: 'm-2' });
      expect(again).toEqual({ seq: first.seq, duplicate: true });
      expect(second.duplicate).toBe(false);
      expect(second.seq).toBeGreaterThan(first.seq);
      const got: number[] = [];
      await track(bus().consume(c, async (e) => void got.push(e.n), { durable: 'dedup' }));
      await waitFor('both distinct messages consumed', () => got.length >= 2);
      expect(got).toEqual([1, 2]);
    });

    it('delivers to a durable consumer in order, with sequence and delivery count', async () => {
      const c = stream();
      const seqs: number[] = [];
      for (let n = 0; n < 5; n++) seqs.push((await bus().append(c, { n }, { requestId: `r-${n}` })).seq);
      const got: Received[] = [];
      await track(bus().consume(c, async (e, ctx) => void got.push({ n: e.n, ctx }), { durable: 'ordered' }));
      await waitFor('5 messages consumed', () => got.length === 5);
      expect(got.map((g) => g.n)).toEqual([0, 1, 2, 3, 4]);
      expect(got.map((g) => g.ctx.seq)).toEqual(seqs);
      expect(got.map((g) => g.ctx.deliveryCount)).toEqual([1, 1, 1, 1, 1]);
      expect(got.map((g) => g.ctx.requestId)).toEqual(['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
      expect(got[0]?.ctx.subject).toBe(c.subject);
    });

    it('redelivers a message whose handler threw, with deliveryCount 2', async () => {
      const c = stream();
      const { seq } = await bus().append(c, { n: 1 });
      const got: Received[] = [];
      await track(
        bus().consume(
          c,
          async (e, ctx) => {
            got.push({ n: e.n, ctx });
            if (ctx.deliveryCount === 1) throw new Error('transient failure');
          },
          { durable: 'retry' },
        ),
      );
      await waitFor('redelivery', () => got.length >= 2);
      expect(got.map((g) => [g.n, g.ctx.seq, g.ctx.deliveryCount])).toEqual([
        [1, seq, 1],
        [1, seq, 2],
      ]);
    });

    it('redelivers a message not acked within ackWait', async () => {
      const c = stream();
      const { seq } = await bus().append(c, { n: 1 });
      const g = held();
      const got: Received[] = [];
      await track(
        bus().consume(
          c,
          async (e, ctx) => {
            got.push({ n: e.n, ctx });
            if (ctx.deliveryCount === 1) await g.promise;
          },
          { durable: 'slow', ackWaitMs: 300, concurrency: 2 },
        ),
      );
      await waitFor('redelivery after ack wait', () => got.length >= 2);
      g.open();
      expect(got.slice(0, 2).map((r) => [r.ctx.seq, r.ctx.deliveryCount])).toEqual([
        [seq, 1],
        [seq, 2],
      ]);
    });

    it('starts a backlog of deliveries in slices, letting other work run between them', async () => {
      const c = stream();
      for (let n = 0; n < 40; n++) await bus().append(c, { n });
      let started = 0;
      let startedWhenOtherWorkRan: number | undefined;
      const g = held();
      await track(
        bus().consume(
          c,
          async () => {
            // Work queued behind the first delivery: it must run before the whole backlog has started.
            if (started++ === 0) setImmediate(() => (startedWhenOtherWorkRan = started));
            const until = performance.now() + 1;
            while (performance.now() < until); // 1 ms of synchronous work per message
            await g.promise;
          },
          { durable: 'sliced', concurrency: 100 },
        ),
      );
      await waitFor('every message started', () => started === 40);
      g.open();
      expect(startedWhenOtherWorkRan).toBeDefined();
      expect(startedWhenOtherWorkRan).toBeLessThan(40);
    });

    it('stops redelivering after maxDeliver', async () => {
      const c = stream();
      await bus().append(c, { n: 0 });
      const poison: number[] = [];
      const ok: number[] = [];
      await track(
        bus().consume(
          c,
          async (e, ctx) => {
            if (e.n === 0) {
              poison.push(ctx.deliveryCount);
              throw new Error('poison');
            }
            ok.push(e.n);
          },
          { durable: 'limited', maxDeliver: 2 },
        ),
      );
      await waitFor('two deliveries of the poison message', () => poison.length === 2);
      await bus().append(c, { n: 1 });
      await waitFor('the next message', () => ok.length === 1);
      await pause(300);
      expect(poison).toEqual([1, 2]);
    });

    it('terminates messages that fail the schema and moves on', async () => {
      const c = stream();
      await bus().append(c, { n: 'bad' } as unknown as { n: number });
      await bus().append(c, { n: 1 });
      const got: number[] = [];
      await track(bus().consume(c, async (e) => void got.push(e.n), { durable: 'strict' }));
      await waitFor('valid message', () => got.length === 1);
      await bus().append(c, { n: 2 });
      await waitFor('next valid message', () => got.length === 2);
      expect(got).toEqual([1, 2]);
    });

    it('resumes a durable consumer after unsubscribe: acked messages are not seen again, unacked ones are', async () => {
      const c = stream();
      for (let n = 1; n <= 3; n++) await bus().append(c, { n });
      const first: number[] = [];
      const sub = await bus().consume(
        c,
        async (e) => {
          first.push(e.n);
          if (e.n !== 1) throw new Error('not yet');
        },
        { durable: 'resumable' },
      );
      await waitFor('first message acked', () => first.includes(1));
      await sub.unsubscribe();
      const second: Received[] = [];
      await track(bus().consume(c, async (e, ctx) => void second.push({ n: e.n, ctx }), { durable: 'resumable' }));
      await waitFor('remaining messages', () => new Set(second.map((r) => r.n)).size === 2, 8_000);
      expect([...new Set(second.map((r) => r.n))].sort()).toEqual([2, 3]);
      const firstTry = second.find((r) => r.n === 2 && first.includes(2));
      if (firstTry) expect(firstTry.ctx.deliveryCount).toBeGreaterThan(1);
    });

    it('gives every message to each distinct durable name', async () => {
      const c = stream();
      for (let n = 1; n <= 3; n++) await bus().append(c, { n });
      const a: number[] = [];
      const b: number[] = [];
      await track(bus().consume(c, async (e) => void a.push(e.n), { durable: 'alpha' }));
      await track(bus().consume(c, async (e) => void b.push(e.n), { durable: 'beta' }));
      await waitFor('both consumers saw all', () => a.length === 3 && b.length === 3);
      expect(a).toEqual([1, 2, 3]);
      expect(b).toEqual([1, 2, 3]);
    });

    it('shares work between subscribers of the same durable name', async () => {
      const c = stream();
      const a: number[] = [];
      const b: number[] = [];
      await track(bus().consume(c, async (e) => void a.push(e.n), { durable: 'shared' }));
      await track(bus().consume(c, async (e) => void b.push(e.n), { durable: 'shared' }));
      for (let n = 0; n < 10; n++) await bus().append(c, { n });
      await waitFor('all 10 consumed', () => a.length + b.length >= 10);
      expect([...a, ...b].sort((x, y) => x - y)).toEqual([...Array(10).keys()]);
    });
  });
}
