import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineRequest } from '@flotilla/contracts';
import { z } from 'zod';
import { InProcessBus } from './in-process-bus';
import type { BusLogger } from './bus.options';
import { eventContract, requestContract, streamContract, waitFor } from './testing/bus-contract.helpers';
import { describeBusContract } from './testing/bus.contract';

const silent: BusLogger = { warn: () => undefined, error: () => undefined };

async function makeBus(directory?: string): Promise<InProcessBus> {
  const bus = new InProcessBus({ logger: silent, redeliveryBackoff: { initialMs: 50, maxMs: 200, jitter: 0 }, ...(directory ? { directory } : {}) });
  await bus.start();
  await bus.ready(1_000);
  return bus;
}

describeBusContract('in-process', () => makeBus());

describe('with streams on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-bus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  describeBusContract('in-process (sqlite streams)', () => makeBus(dir));
});

describe('InProcessBus specifics', () => {
  it('reports starting before start() and rejects publishing with unavailable, but accepts subscriptions', async () => {
    const bus = new InProcessBus({ logger: silent });
    expect(bus.health()).toEqual({ name: 'bus', kind: 'in-process', status: 'starting' });
    await expect(bus.request(requestContract(), { id: 1 })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(bus.publish(eventContract(), { n: 1 })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(bus.append(streamContract(), { n: 1 })).rejects.toMatchObject({ code: 'unavailable' });
    const evt = eventContract();
    const got: number[] = [];
    await bus.subscribe(evt, (e) => void got.push(e.n));
    const ready = bus.ready(1_000);
    await bus.start();
    await ready;
    await bus.publish(evt, { n: 1 });
    await waitFor('event', () => got.length === 1);
    await bus.close();
  });

  it('rejects payloads larger than max_payload, like NATS', async () => {
    const bus = new InProcessBus({ logger: silent, maxPayloadBytes: 64 });
    await bus.start();
    const blob = defineRequest('test-blob.item.put.v1', z.object({ data: z.string() }), z.object({}));
    await expect(bus.request(blob, { data: 'x'.repeat(100) })).rejects.toMatchObject({ code: 'invalid_payload' });
    await bus.close();
  });

  it('fails requests that are still pending at close with closed', async () => {
    const bus = new InProcessBus({ logger: silent, drainTimeoutMs: 50 });
    await bus.start();
    const c = requestContract();
    await bus.handle(c, () => new Promise<never>(() => undefined));
    const pending = bus.request(c, { id: 1 }, { timeoutMs: 5_000 });
    await bus.close();
    await expect(pending).rejects.toMatchObject({ code: 'closed' });
  });

  it('logs invalid payloads and handler failures', async () => {
    const warn = jest.fn();
    const error = jest.fn();
    const bus = new InProcessBus({ logger: { warn, error } });
    await bus.start();
    const evt = eventContract();
    await bus.subscribe(evt, () => {
      throw new Error('boom');
    });
    await bus.publish(evt, { n: 'bad' } as unknown as { n: number });
    await bus.publish(evt, { n: 1 });
    await waitFor('both logged', () => warn.mock.calls.length === 1 && error.mock.calls.length === 1);
    expect(warn).toHaveBeenCalledWith('dropped an invalid event', expect.objectContaining({ subject: evt.subject }));
    expect(error).toHaveBeenCalledWith('event handler failed', expect.objectContaining({ error: 'boom' }));
    await bus.close();
  });
});
