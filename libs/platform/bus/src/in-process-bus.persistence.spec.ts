import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DurableContext } from './bus';
import type { BusLogger } from './bus.options';
import { InProcessBus } from './in-process-bus';
import { InProcessStream } from './in-process-stream';
import { SqliteStreamStorage, STREAMS_FILE } from './sqlite-stream.storage';
import { pause, streamContract, waitFor } from './testing/bus-contract.helpers';

const silent: BusLogger = { warn: () => undefined, error: () => undefined };

/** Durable streams of a bus given a directory survive the bus (a restart, or a crash). */
describe('InProcessBus with a directory: streams survive a restart', () => {
  let dir: string;
  const buses: InProcessBus[] = [];

  async function open(): Promise<InProcessBus> {
    const bus = new InProcessBus({ logger: silent, directory: dir, redeliveryBackoff: { initialMs: 20, maxMs: 50, jitter: 0 } });
    buses.push(bus);
    await bus.start();
    return bus;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-streams-'));
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers after a restart what no consumer had acked, and not what the durable acked', async () => {
    const c = streamContract();
    const first = await open();
    for (let n = 1; n <= 5; n++) await first.append(c, { n });
    const acked: number[] = [];
    await first.consume(
      c,
      async (e) => {
        if (e.n > 2) throw new Error('destination down');
        acked.push(e.n);
      },
      { durable: 'shipper' },
    );
    await waitFor('1 and 2 acked', () => acked.length === 2);
    await first.close();

    const second = await open();
    const got: Array<{ n: number; ctx: DurableContext }> = [];
    await second.consume(c, async (e, ctx) => void got.push({ n: e.n, ctx }), { durable: 'shipper' });
    await waitFor('3 to 5 delivered', () => got.length >= 3);
    await pause(100);
    expect(got.map((g) => g.n)).toEqual([3, 4, 5]);
    expect(got.map((g) => g.ctx.seq)).toEqual([3, 4, 5]);
  });

  it('after a crash (no close), redelivers nothing at or below the saved ack floor and everything above it', async () => {
    const c = streamContract();
    const crashed = await open();
    for (let n = 1; n <= 4; n++) await crashed.append(c, { n });
    const acked: number[] = [];
    const sub = await crashed.consume(
      c,
      async (e) => {
        if (e.n > 2) throw new Error('destination down');
        acked.push(e.n);
      },
      { durable: 'shipper' },
    );
    await waitFor('1 and 2 acked', () => acked.length === 2);
    await pause(400); // past the ack-floor save delay
    await sub.unsubscribe();
    // Appended after the floor was saved, and never consumed: must not be lost either.
    await crashed.append(c, { n: 5 });

    const restarted = await open(); // the crashed bus is never closed before this one reads the file
    const got: number[] = [];
    await restarted.consume(c, async (e) => void got.push(e.n), { durable: 'shipper' });
    await waitFor('3 to 5 delivered', () => got.length >= 3);
    await pause(100);
    expect(got).toEqual([3, 4, 5]);
  });

  it('starts a durable name first seen after the restart at the first stored message', async () => {
    const c = streamContract();
    const first = await open();
    for (let n = 1; n <= 3; n++) await first.append(c, { n });
    await first.close();
    const second = await open();
    await second.append(c, { n: 4 });
    const got: number[] = [];
    await second.consume(c, async (e) => void got.push(e.n), { durable: 'newcomer' });
    await waitFor('all four', () => got.length === 4);
    expect(got).toEqual([1, 2, 3, 4]);
  });

  it('remembers msgIds and the last sequence across a restart', async () => {
    const c = streamContract();
    const first = await open();
    const one = await first.append(c, { n: 1 }, { msgId: 'batch-1' });
    await first.close();
    const second = await open();
    expect(await second.append(c, { n: 1 }, { msgId: 'batch-1' })).toEqual({ seq: one.seq, duplicate: true });
    expect(await second.append(c, { n: 2 }, { msgId: 'batch-2' })).toEqual({ seq: one.seq + 1, duplicate: false });
  });

  it('keeps streams in memory only without a directory', async () => {
    const c = streamContract();
    const first = new InProcessBus({ logger: silent });
    buses.push(first);
    await first.start();
    await first.append(c, { n: 1 });
    const second = await open();
    expect(await second.append(c, { n: 2 })).toEqual({ seq: 1, duplicate: false });
  });
});

describe('InProcessStream over SQLite storage', () => {
  let dir: string;
  let storage: SqliteStreamStorage;
  let t: number;
  const streams: InProcessStream[] = [];

  const stream = (maxAgeMs?: number): InProcessStream => {
    const s = new InProcessStream(
      { name: 'LOGS', maxAgeMs, duplicateWindowMs: 1_000, redelivery: { initialMs: 10, maxMs: 10, jitter: 0 }, logger: silent, storage },
      () => t,
    );
    streams.push(s);
    return s;
  };
  const storedSeqs = (): number[] => {
    const db = new Database(join(dir, STREAMS_FILE), { readonly: true });
    try {
      return (db.prepare("SELECT seq FROM messages WHERE stream = 'LOGS' ORDER BY seq").all() as Array<{ seq: number }>).map((r) => r.seq);
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    t = 0;
    dir = mkdtempSync(join(tmpdir(), 'flotilla-stream-'));
    storage = new SqliteStreamStorage(dir);
  });
  afterEach(() => {
    for (const s of streams.splice(0)) s.dispose();
    storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes messages older than max age from disk and does not reload them', () => {
    const s = stream(500);
    s.append('{"n":1}', undefined, undefined);
    t = 400;
    s.append('{"n":2}', undefined, undefined);
    expect(storedSeqs()).toEqual([1, 2]);
    t = 1_600;
    s.append('{"n":3}', undefined, undefined);
    expect(storedSeqs()).toEqual([3]);
    s.dispose();
    t = 1_700;
    const reloaded = stream(500);
    expect(reloaded.firstSeq()).toBe(3);
    expect(reloaded.get(3)?.raw).toBe('{"n":3}');
  });

  it('skips messages past max age on reload even before they were deleted', () => {
    const s = stream(500);
    s.append('{"n":1}', undefined, undefined);
    t = 300;
    s.append('{"n":2}', undefined, undefined);
    s.dispose();
    t = 700;
    const reloaded = stream(500);
    expect(reloaded.firstSeq()).toBe(2);
    expect(reloaded.get(1)).toBeUndefined();
    expect(storedSeqs()).toEqual([2]);
  });

  it('keeps counting sequences after every message expired', () => {
    const s = stream(500);
    s.append('{"n":1}', undefined, undefined);
    s.append('{"n":2}', undefined, undefined);
    t = 2_000;
    expect(s.get(2)).toBeUndefined();
    s.dispose();
    expect(storedSeqs()).toEqual([]);
    const reloaded = stream(500);
    expect(reloaded.append('{"n":3}', undefined, undefined)).toEqual({ seq: 3, duplicate: false });
  });

  it('forgets msgIds reloaded from disk after the duplicate window', () => {
    const s = stream();
    s.append('{"n":1}', 'a', undefined);
    s.dispose();
    t = 999;
    expect(stream().append('{"n":1}', 'a', undefined)).toEqual({ seq: 1, duplicate: true });
    t = 1_001;
    expect(stream().append('{"n":1}', 'a', undefined)).toEqual({ seq: 2, duplicate: false });
  });
});
