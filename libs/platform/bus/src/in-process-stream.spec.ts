import type { BusLogger } from './bus.options';
import type { DeliveryOutcome } from './bus.dispatch';
import { InFlightTracker } from './in-flight.tracker';
import type { ConsumerSubscriber, Delivery } from './in-process-consumer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessStream } from './in-process-stream';
import { SqliteStreamStorage } from './sqlite-stream.storage';
import { EPHEMERAL_STREAM_STORAGE, StreamStorage } from './stream-storage';
import { waitFor } from './testing/bus-contract.helpers';

const silent: BusLogger = { warn: () => undefined, error: () => undefined };

function streamIn(storage: StreamStorage, now: () => number, maxAgeMs?: number): InProcessStream {
  return new InProcessStream(
    { name: 'TEST', maxAgeMs, duplicateWindowMs: 1_000, redelivery: { initialMs: 10, maxMs: 10, jitter: 0 }, logger: silent, storage },
    now,
  );
}

function subscriber(handle: (d: Delivery) => Promise<DeliveryOutcome>, concurrency = 1): ConsumerSubscriber {
  return { concurrency, inFlight: new InFlightTracker(), handle };
}

describe.each(['memory', 'sqlite'])('InProcessStream (%s storage)', (kind) => {
  let dir: string;
  let opened: StreamStorage;
  const makeStream = (now: () => number, maxAgeMs?: number): InProcessStream => streamIn(opened, now, maxAgeMs);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-stream-'));
    opened = kind === 'sqlite' ? new SqliteStreamStorage(dir) : EPHEMERAL_STREAM_STORAGE;
  });
  afterEach(() => {
    opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forgets msgIds after the duplicate window', () => {
    let t = 0;
    const s = makeStream(() => t);
    expect(s.append('1', 'a', undefined)).toEqual({ seq: 1, duplicate: false });
    t = 999;
    expect(s.append('1', 'a', undefined)).toEqual({ seq: 1, duplicate: true });
    t = 1_001;
    expect(s.append('1', 'a', undefined)).toEqual({ seq: 2, duplicate: false });
  });

  it('drops messages older than max age; consumers skip past them', async () => {
    let t = 0;
    const s = makeStream(() => t, 500);
    s.append('{"n":1}', undefined, undefined);
    t = 400;
    s.append('{"n":2}', undefined, undefined);
    t = 600;
    expect(s.get(1)).toBeUndefined();
    expect(s.get(2)?.raw).toBe('{"n":2}');
    expect(s.firstSeq()).toBe(2);
    const seen: number[] = [];
    s.consumer('d', { ackWaitMs: 1_000, maxDeliver: -1 }).attach(
      subscriber(async (d) => {
        seen.push(d.message.seq);
        return 'ack';
      }),
    );
    await waitFor('delivery', () => seen.length === 1);
    expect(seen).toEqual([2]);
    s.dispose();
  });

  it('ignores a stale nak from a delivery that ack-wait already redelivered', async () => {
    const s = makeStream(Date.now);
    s.append('{"n":1}', undefined, undefined);
    const deliveries: number[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = new Promise<void>((r) => (releaseFirst = r));
    s.consumer('d', { ackWaitMs: 30, maxDeliver: -1 }).attach(
      subscriber(async (d) => {
        deliveries.push(d.deliveryCount);
        if (d.deliveryCount === 1) {
          await first;
          return 'nak';
        }
        return 'ack';
      }, 2),
    );
    await waitFor('redelivery after ack wait', () => deliveries.length === 2);
    releaseFirst();
    await new Promise((r) => setTimeout(r, 100));
    expect(deliveries).toEqual([1, 2]);
    s.dispose();
  });
});
