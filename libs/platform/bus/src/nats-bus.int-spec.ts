import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { BusError } from './bus.errors';
import type { BusLogger } from './bus.options';
import { NatsBus } from './nats-bus';
import { eventContract, requestContract, streamContract, waitFor } from './testing/bus-contract.helpers';
import { describeBusContract } from './testing/bus.contract';
import { TcpProxy } from '@flotilla/testing';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const silent: BusLogger = { warn: () => undefined, error: () => undefined };

async function makeBus(): Promise<NatsBus> {
  const bus = new NatsBus({ servers: NATS_URL, name: 'bus-contract-test', logger: silent, redeliveryBackoff: { initialMs: 50, maxMs: 200, jitter: 0 } });
  await bus.start();
  await bus.ready(5_000);
  return bus;
}

async function deleteStreams(streams: readonly string[]): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    for (const name of streams) await jsm.streams.delete(name).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

describeBusContract('nats', makeBus, { deleteStreams });

describe('NatsBus without a reachable server', () => {
  let bus: NatsBus;

  beforeAll(async () => {
    bus = new NatsBus({ servers: 'nats://127.0.0.1:1', logger: silent, connectTimeoutMs: 500, connectBackoff: { initialMs: 100, maxMs: 500, jitter: 0 } });
  });
  afterAll(async () => {
    await bus.close();
  });

  it('starts without throwing and reports starting/down', async () => {
    await expect(bus.start()).resolves.toBeUndefined();
    expect(['starting', 'down']).toContain(bus.health().status);
    await expect(bus.ready(300)).rejects.toMatchObject({ code: 'unavailable' });
    expect(bus.health()).toMatchObject({ name: 'bus', kind: 'nats', status: 'down' });
    expect(bus.health().detail).toBeTruthy();
  });

  it('rejects requests, events and appends promptly with unavailable', async () => {
    const started = Date.now();
    const err = await bus.request(requestContract(), { id: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BusError);
    expect(err).toMatchObject({ code: 'unavailable', status: 503 });
    await expect(bus.publish(eventContract(), { n: 1 })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(bus.append(streamContract(), { n: 1 })).rejects.toMatchObject({ code: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('accepts subscriptions while down (attached once connected) and closes cleanly', async () => {
    const sub = await bus.subscribe(eventContract(), () => undefined);
    const consumer = await bus.consume(streamContract(), async () => undefined, { durable: 'later' });
    await sub.unsubscribe();
    await consumer.unsubscribe();
  });
});

describe('NatsBus across broker outages', () => {
  const url = new URL(NATS_URL);
  const proxy = new TcpProxy(url.hostname, Number(url.port || 4222));
  const streams: string[] = [];
  let bus: NatsBus | undefined;

  afterEach(async () => {
    await bus?.close();
    await proxy.stop();
  });
  afterAll(async () => {
    await deleteStreams(streams);
  });

  function natsBus(): NatsBus {
    bus = new NatsBus({
      servers: `nats://127.0.0.1:${proxy.port}`,
      logger: silent,
      connectTimeoutMs: 500,
      connectBackoff: { initialMs: 50, maxMs: 200, jitter: 0 },
      reconnectTimeWaitMs: 50,
      redeliveryBackoff: { initialMs: 50, maxMs: 200, jitter: 0 },
    });
    return bus;
  }

  it('goes down when the connection drops, rejects with unavailable, and recovers with its subscriptions', async () => {
    await proxy.start(0);
    const b = natsBus();
    await b.start();
    await b.ready(5_000);
    const req = requestContract();
    const c = streamContract();
    streams.push(c.stream);
    await b.handle(req, (r) => ({ id: r.id, name: 'ok' }));
    const got: number[] = [];
    await b.consume(c, async (e) => void got.push(e.n), { durable: 'outage' });
    await b.append(c, { n: 1 });
    await waitFor('first message', () => got.length === 1);

    await proxy.stop();
    await waitFor('health down', () => b.health().status === 'down');
    const started = Date.now();
    await expect(b.request(req, { id: 1 })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(b.append(c, { n: 2 })).rejects.toMatchObject({ code: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(200);

    await proxy.start();
    await waitFor('health up again', () => b.health().status === 'up', 8_000);
    await expect(b.request(req, { id: 2 })).resolves.toEqual({ id: 2, name: 'ok' });
    await b.append(c, { n: 3 });
    await waitFor('message after reconnect', () => got.includes(3), 8_000);
    expect(got).toEqual([1, 3]);
  });

  it('attaches subscriptions made before the first connection once the broker appears', async () => {
    await proxy.start(0);
    const port = proxy.port;
    await proxy.stop();
    const b = natsBus();
    await b.start();
    await waitFor('health down', () => b.health().status === 'down');
    const evt = eventContract();
    const got: number[] = [];
    await b.subscribe(evt, (e) => void got.push(e.n));
    await proxy.start(port);
    await b.ready(5_000);
    await b.publish(evt, { n: 7 });
    await waitFor('event after first connection', () => got.length === 1);
    expect(got).toEqual([7]);
  });
});

describe('NatsBus JetStream specifics', () => {
  let bus: NatsBus;
  const streams: string[] = [];

  beforeAll(async () => {
    bus = await makeBus();
  });
  afterAll(async () => {
    await bus.close();
    await deleteStreams(streams);
  });

  async function info(stream: string, durable?: string) {
    const nc = await connect({ servers: NATS_URL });
    try {
      const jsm = await jetstreamManager(nc);
      return { stream: await jsm.streams.info(stream), consumer: durable ? await jsm.consumers.info(stream, durable) : undefined };
    } finally {
      await nc.close();
    }
  }

  it('creates a file-backed stream with the contract subject, max age and duplicate window', async () => {
    const c = streamContract();
    streams.push(c.stream);
    await bus.append(c, { n: 1 });
    const { stream } = await info(c.stream);
    expect(stream.config).toMatchObject({ subjects: [c.subject], storage: 'file', max_age: 60 * 60_000 * 1_000_000, duplicate_window: 120_000 * 1_000_000 });
    // A second bus (another replica) ensures the same stream again without error.
    const other = await makeBus();
    await expect(other.append(c, { n: 2 })).resolves.toMatchObject({ duplicate: false });
    await other.close();
  });

  it('updates an existing stream when the contract retention changes', async () => {
    const c = streamContract();
    streams.push(c.stream);
    await bus.append(c, { n: 1 });
    const other = await makeBus();
    await other.append({ ...c, maxAgeMs: 2 * 60 * 60_000 }, { n: 2 });
    await other.close();
    const { stream } = await info(c.stream);
    expect(stream.config.max_age).toBe(2 * 60 * 60_000 * 1_000_000);
    expect(stream.state.messages).toBe(2);
  });

  it('terminates invalid and exhausted messages so nothing stays pending', async () => {
    const c = streamContract();
    streams.push(c.stream);
    await bus.append(c, { n: 'bad' } as unknown as { n: number });
    await bus.append(c, { n: 0 });
    await bus.append(c, { n: 1 });
    const ok: number[] = [];
    let poison = 0;
    await bus.consume(
      c,
      async (e) => {
        if (e.n === 0) {
          poison++;
          throw new Error('poison');
        }
        ok.push(e.n);
      },
      { durable: 'pending-check', maxDeliver: 2 },
    );
    await waitFor('valid message and both poison deliveries', () => ok.length === 1 && poison === 2);
    const deadline = Date.now() + 3_000;
    for (;;) {
      const { consumer } = await info(c.stream, 'pending-check');
      if (consumer?.num_ack_pending === 0 && consumer.num_pending === 0) break;
      if (Date.now() > deadline) throw new Error(`still pending: ${JSON.stringify({ ack: consumer?.num_ack_pending, pending: consumer?.num_pending })}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(ok).toEqual([1]);
  });

  it('updates the consumer when ackWait changes', async () => {
    const c = streamContract();
    streams.push(c.stream);
    const first = await bus.consume(c, async () => undefined, { durable: 'configurable', ackWaitMs: 5_000 });
    await first.unsubscribe();
    const second = await bus.consume(c, async () => undefined, { durable: 'configurable', ackWaitMs: 7_000, maxDeliver: 4 });
    const { consumer } = await info(c.stream, 'configurable');
    expect(consumer?.config).toMatchObject({ ack_wait: 7_000 * 1_000_000, max_deliver: 4 });
    await second.unsubscribe();
  });
});
