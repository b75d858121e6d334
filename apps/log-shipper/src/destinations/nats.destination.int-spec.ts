import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '@flotilla/platform-logging';
import { MetricsRegistry } from '@flotilla/platform-metrics';
import { TcpProxy, waitFor } from '@flotilla/testing';
import { DeliveryRunner } from '../pipeline/delivery.runner';
import { LogShipperMetrics } from '../pipeline/log-shipper.metrics';
import type { LogBatch } from './log-destination';
import { NatsDestination } from './nats.destination';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

/** The nats destination against the machine's NATS server (JetStream enabled), with real subscribers and streams. */
describe('nats destination (real NATS)', () => {
  let nc: NatsConnection;
  const run = randomBytes(4).toString('hex');
  const results = `flotilla-test.${run}.osquery.results`;
  const status = `flotilla-test.${run}.osquery.status`;
  const stream = `FLOTILLA_TEST_LOGS_${run.toUpperCase()}`;
  const destinations: NatsDestination[] = [];

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await Promise.all(destinations.map((d) => d.close()));
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  });

  const batch = (logType: 'result' | 'status', n: number, prefix = 'b'): LogBatch => ({
    logType,
    receivedAt: new Date().toISOString(),
    records: Array.from({ length: n }, (_, i) => ({ id: `${prefix}:${i}`, json: JSON.stringify({ name: 'q', counter: i, flotilla_log_id: `${prefix}:${i}` }), bytes: 0 })),
  });
  const destination = (url = NATS_URL) => {
    const d = new NatsDestination(url, { result: results, status });
    destinations.push(d);
    return d;
  };
  const runner = (d: NatsDestination) =>
    new DeliveryRunner(d, new LogShipperMetrics(new MetricsRegistry({ service: 'test' })), createLogger({ level: 'silent', base: {} }), {
      backoff: { initialMs: 100, maxMs: 500, jitter: 0.2 },
      attemptTimeoutMs: 2_000,
    });

  it('publishes one core NATS message per line to the subject of its log type (no stream captures it)', async () => {
    const got: string[] = [];
    const sub = nc.subscribe(results, { callback: (_err, m) => void got.push(m.string()) });
    await nc.flush();
    const b = batch('result', 25);
    await destination().send(b, AbortSignal.timeout(5_000));
    await waitFor(() => got.length === 25, { what: '25 messages' });
    expect(got).toEqual(b.records.map((r) => r.json));
    sub.unsubscribe();
  });

  it('publishes to JetStream when a stream captures the subject: stored, and a redelivered line is deduplicated by its id', async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [status] });
    const d = destination();
    const b = batch('status', 10, 'st');
    await d.send(b, AbortSignal.timeout(5_000));
    await d.send(b, AbortSignal.timeout(5_000)); // the same lines again, as after a crash before the ack
    const info = await jsm.streams.info(stream);
    expect(info.state.messages).toBe(10);
    const first = await jsm.streams.getMessage(stream, { seq: info.state.first_seq });
    expect(first?.header.get('Nats-Msg-Id')).toBe('st:0');
    expect(first?.string()).toBe(b.records[0]?.json);
  });

  it('retries while NATS is unreachable and delivers once it is back', async () => {
    const url = new URL(NATS_URL);
    const proxy = new TcpProxy(url.hostname, Number(url.port || 4222));
    const port = await proxy.start();
    await proxy.stop();
    const got: string[] = [];
    const sub = nc.subscribe(results, { callback: (_err, m) => void got.push(m.string()) });
    await nc.flush();
    const d = destination(`nats://127.0.0.1:${port}`);
    const delivery = runner(d).deliver(batch('result', 5, 'late'), Date.now() + 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(got).toEqual([]);
    await proxy.start(port);
    await delivery;
    await waitFor(() => got.length === 5, { what: 'the 5 lines after NATS came back' });
    sub.unsubscribe();
    await d.close();
    await proxy.stop();
  });
});
