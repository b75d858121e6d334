import { FlotillaError } from '@flotilla/platform-errors';
import type { Bus, BusSubscription, MessageContext } from '../bus';
import { BusError } from '../bus.errors';
import { eventContract, gate, Gate, rejectionOf, requestContract, streamContract, waitFor } from './bus-contract.helpers';
import { describeDurableContract } from './bus-durable.contract';

export interface BusContractHooks {
  /** Called once after the suite with the names of the streams it created (NATS: delete them). */
  deleteStreams?: (streams: readonly string[]) => Promise<void>;
}

/**
 * The behaviour every Bus implementation must share (CONVENTIONS.md: the same tests run in both
 * modes). `makeBus` must resolve with a started, ready bus configured with a short redelivery
 * backoff (about 50 ms) so redelivery tests stay fast.
 */
export function describeBusContract(name: string, makeBus: () => Promise<Bus>, hooks: BusContractHooks = {}): void {
  describe(`Bus contract: ${name}`, () => {
    const ctx = { bus: undefined as Bus | undefined, streams: [] as string[], subs: [] as BusSubscription[], gates: [] as Gate[] };
    const bus = (): Bus => {
      if (!ctx.bus) throw new Error('bus not created');
      return ctx.bus;
    };
    const track = async (p: Promise<BusSubscription>): Promise<BusSubscription> => {
      const s = await p;
      ctx.subs.push(s);
      return s;
    };
    const held = (): Gate => {
      const g = gate();
      ctx.gates.push(g);
      return g;
    };

    beforeAll(async () => {
      ctx.bus = await makeBus();
    });
    afterEach(async () => {
      for (const g of ctx.gates.splice(0)) g.open();
      await Promise.all(ctx.subs.splice(0).map((s) => s.unsubscribe()));
    });
    afterAll(async () => {
      await ctx.bus?.close();
      await hooks.deleteStreams?.(ctx.streams);
    });

    it('reports up once started', async () => {
      expect((await bus().health()).status).toBe('up');
    });

    describe('request/reply', () => {
      it('round-trips a request to its handler and the reply back', async () => {
        const c = requestContract();
        const seen: MessageContext[] = [];
        await track(
          bus().handle(c, (req, mctx) => {
            seen.push(mctx);
            return { id: req.id, name: `item-${req.id}` };
          }),
        );
        await expect(bus().request(c, { id: 7 })).resolves.toEqual({ id: 7, name: 'item-7' });
        expect(seen).toEqual([expect.objectContaining({ subject: c.subject })]);
      });

      it('never runs the handler synchronously inside request()', async () => {
        const c = requestContract();
        let called = false;
        await track(
          bus().handle(c, (req) => {
            called = true;
            return { id: req.id, name: 'x' };
          }),
        );
        const p = bus().request(c, { id: 1 });
        expect(called).toBe(false);
        await p;
        expect(called).toBe(true);
      });

      it('rejects with timeout when no reply arrives in time', async () => {
        const c = requestContract();
        const g = held();
        await track(bus().handle(c, async (req) => g.promise.then(() => ({ id: req.id, name: 'late' }))));
        const err = await rejectionOf(bus().request(c, { id: 1 }, { timeoutMs: 150 }));
        expect(err).toBeInstanceOf(BusError);
        expect(err).toMatchObject({ code: 'timeout', status: 504 });
      });

      it('rejects with no_responders when nobody handles the subject', async () => {
        const c = requestContract();
        await expect(bus().request(c, { id: 1 })).rejects.toMatchObject({ code: 'no_responders', status: 503 });
        const sub = await bus().handle(c, (req) => ({ id: req.id, name: 'a' }));
        await expect(bus().request(c, { id: 1 })).resolves.toEqual({ id: 1, name: 'a' });
        await sub.unsubscribe();
        await expect(bus().request(c, { id: 1 })).rejects.toMatchObject({ code: 'no_responders' });
      });

      it('propagates a remote FlotillaError as remote_error keeping code, status and details', async () => {
        const c = requestContract();
        await track(
          bus().handle(c, (req) => {
            throw new FlotillaError('not_found', `item ${req.id} not found`, 404, [{ name: 'id', reason: 'unknown item' }]);
          }),
        );
        const err = await rejectionOf(bus().request(c, { id: 9 }));
        expect(err).toBeInstanceOf(BusError);
        expect(err).toMatchObject({ code: 'remote_error', remoteCode: 'not_found', status: 404, message: 'item 9 not found' });
        expect((err as BusError).details).toEqual([{ name: 'id', reason: 'unknown item' }]);
      });

      it('turns an unknown remote error into a 500 remote_error without leaking its text', async () => {
        const c = requestContract();
        await track(
          bus().handle(c, () => {
            throw new Error('secret connection string');
          }),
        );
        const err = await rejectionOf(bus().request(c, { id: 1 }));
        expect(err).toMatchObject({ code: 'remote_error', remoteCode: undefined, status: 500 });
        expect((err as Error).message).not.toContain('secret');
      });

      it('rejects an invalid request at the responder without calling the handler', async () => {
        const c = requestContract();
        const handler = jest.fn((req: { id: number }) => ({ id: req.id, name: 'x' }));
        await track(bus().handle(c, handler));
        const err = await rejectionOf(bus().request(c, { id: 'not-a-number' } as unknown as { id: number }));
        expect(err).toBeInstanceOf(BusError);
        expect(err).toMatchObject({ code: 'invalid_payload' });
        expect(handler).not.toHaveBeenCalled();
      });

      it('rejects an invalid reply at the requester', async () => {
        const c = requestContract();
        await track(bus().handle(c, (req) => ({ id: req.id }) as unknown as { id: number; name: string }));
        await expect(bus().request(c, { id: 1 })).rejects.toMatchObject({ code: 'invalid_payload' });
      });

      it('spreads requests across a queue group', async () => {
        const c = requestContract();
        const counts = [0, 0];
        for (const i of [0, 1]) {
          await track(
            bus().handle(
              c,
              (req) => {
                counts[i] = (counts[i] ?? 0) + 1;
                return { id: req.id, name: `member-${i}` };
              },
              { queue: 'svc' },
            ),
          );
        }
        for (let n = 0; n < 20; n++) await bus().request(c, { id: n });
        expect((counts[0] ?? 0) + (counts[1] ?? 0)).toBe(20);
        expect(counts[0]).toBeGreaterThan(0);
        expect(counts[1]).toBeGreaterThan(0);
      });

      it('propagates the request id', async () => {
        const c = requestContract();
        const seen: Array<string | undefined> = [];
        await track(
          bus().handle(c, (req, mctx) => {
            seen.push(mctx.requestId);
            return { id: req.id, name: 'x' };
          }),
        );
        await bus().request(c, { id: 1 }, { requestId: 'req-abc' });
        await bus().request(c, { id: 2 });
        expect(seen).toEqual(['req-abc', undefined]);
      });
    });

    describe('events', () => {
      it('delivers each event to every ungrouped subscriber, as an independent copy', async () => {
        const c = eventContract();
        const a: number[] = [];
        const b: number[] = [];
        await track(
          bus().subscribe(c, (e) => {
            a.push(e.n);
            e.tags?.push('mutated');
          }),
        );
        await track(bus().subscribe(c, (e) => void b.push(e.tags?.length ?? -1)));
        const sent = { n: 1, tags: ['x'] };
        await bus().publish(c, sent);
        await bus().publish(c, { n: 2, tags: [] });
        await waitFor('both subscribers got both events', () => a.length === 2 && b.length === 2);
        expect(a).toEqual([1, 2]);
        expect(b).toEqual([1, 0]);
        expect(sent).toEqual({ n: 1, tags: ['x'] });
      });

      it('never runs a subscriber synchronously inside publish()', async () => {
        const c = eventContract();
        let called = false;
        await track(bus().subscribe(c, () => void (called = true)));
        const p = bus().publish(c, { n: 1 });
        expect(called).toBe(false);
        await p;
        await waitFor('event delivered', () => called);
      });

      it('gives each event to exactly one member of a queue group, spread across members', async () => {
        const c = eventContract();
        const members: number[][] = [[], [], []];
        const all: number[] = [];
        for (const m of members) await track(bus().subscribe(c, (e) => void m.push(e.n), { queue: 'workers' }));
        await track(bus().subscribe(c, (e) => void all.push(e.n)));
        for (let n = 0; n < 30; n++) await bus().publish(c, { n });
        const total = (): number => members.reduce((sum, m) => sum + m.length, 0);
        await waitFor('30 events through the group and the observer', () => total() === 30 && all.length === 30);
        expect(members.flat().sort((x, y) => x - y)).toEqual([...Array(30).keys()]);
        for (const m of members) expect(m.length).toBeGreaterThan(0);
      });

      it('drops invalid events before the subscriber', async () => {
        const c = eventContract();
        const got: number[] = [];
        await track(bus().subscribe(c, (e) => void got.push(e.n)));
        await bus().publish(c, { n: 'bad' } as unknown as { n: number });
        await bus().publish(c, { n: 2 });
        await waitFor('valid event delivered', () => got.length > 0);
        expect(got).toEqual([2]);
      });

      it('stops delivery after unsubscribe', async () => {
        const c = eventContract();
        const a: number[] = [];
        const b: number[] = [];
        const subA = await bus().subscribe(c, (e) => void a.push(e.n));
        await track(bus().subscribe(c, (e) => void b.push(e.n)));
        await bus().publish(c, { n: 1 });
        await waitFor('first event at both', () => a.length === 1 && b.length === 1);
        await subA.unsubscribe();
        await bus().publish(c, { n: 2 });
        await bus().publish(c, { n: 3 });
        await waitFor('later events at the remaining subscriber', () => b.length === 3);
        expect(a).toEqual([1]);
      });

      it('propagates the request id', async () => {
        const c = eventContract();
        const seen: Array<string | undefined> = [];
        await track(bus().subscribe(c, (_e, mctx) => void seen.push(mctx.requestId)));
        await bus().publish(c, { n: 1 }, { requestId: 'evt-1' });
        await waitFor('event delivered', () => seen.length === 1);
        expect(seen).toEqual(['evt-1']);
      });
    });

    describeDurableContract({
      bus,
      track,
      held,
      stream: () => {
        const c = streamContract();
        ctx.streams.push(c.stream);
        return c;
      },
    });

    it('lets in-flight handlers finish on close, then rejects every operation with closed', async () => {
      const other = await makeBus();
      const c = requestContract();
      const g = held();
      let started = false;
      await other.handle(c, async (req) => {
        started = true;
        await g.promise;
        return { id: req.id, name: 'drained' };
      });
      const pending = other.request(c, { id: 3 });
      await waitFor('handler started', () => started);
      const closing = other.close();
      g.open();
      await expect(pending).resolves.toEqual({ id: 3, name: 'drained' });
      await closing;
      await expect(other.request(c, { id: 1 })).rejects.toMatchObject({ code: 'closed' });
      await expect(other.publish(eventContract(), { n: 1 })).rejects.toMatchObject({ code: 'closed' });
      await expect(other.append(streamContract(), { n: 1 })).rejects.toMatchObject({ code: 'closed' });
      await expect(other.subscribe(eventContract(), () => undefined)).rejects.toMatchObject({ code: 'closed' });
      expect((await other.health()).status).toBe('down');
    });
  });
}
