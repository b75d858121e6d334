import { Writable } from 'node:stream';
import { createLogger } from '@flotilla/platform-logging';
import { MetricsRegistry } from '@flotilla/platform-metrics';
import { LogDeliveryError } from '../destinations/delivery.errors';
import type { LogBatch, LogDestination } from '../destinations/log-destination';
import { DeliveryPolicy, DeliveryRunner } from './delivery.runner';
import { LogShipperMetrics } from './log-shipper.metrics';

type Outcome = 'ok' | LogDeliveryError | 'hang';

/** A destination that answers each attempt from a script (the runner's retry logic is what is under test here). */
class ScriptedDestination implements LogDestination {
  readonly name = 'webhook' as const;
  readonly attempts: Array<{ ids: string[]; at: number }> = [];
  constructor(private readonly script: Outcome[], private readonly otherwise: Outcome = 'ok') {}

  async send(batch: LogBatch): Promise<void> {
    this.attempts.push({ ids: batch.records.map((r) => r.id), at: Date.now() });
    const outcome = this.script.shift() ?? this.otherwise;
    if (outcome === 'hang') return new Promise(() => undefined);
    if (outcome !== 'ok') throw outcome;
  }

  async close(): Promise<void> {
    // nothing to release
  }
}

const batch = (ids: string[]): LogBatch => ({ logType: 'result', receivedAt: '2025-01-01T00:00:00Z', records: ids.map((id) => ({ id, json: `"${id}"`, bytes: 4 })) });
const FAST: DeliveryPolicy = { backoff: { initialMs: 20, maxMs: 80, jitter: 0 }, attemptTimeoutMs: 2_000 };

function setup(script: Outcome[], policy = FAST, otherwise?: Outcome) {
  const registry = new MetricsRegistry({ service: 'test' });
  const metrics = new LogShipperMetrics(registry);
  const logs: Array<{ level: string; msg: string; reason?: string }> = [];
  const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (logs.push(JSON.parse(chunk.toString()) as (typeof logs)[number]), cb()) });
  const destination = new ScriptedDestination(script, otherwise);
  const runner = new DeliveryRunner(destination, metrics, createLogger({ level: 'warn', base: {}, destination: sink }), policy);
  const value = async (name: string, labels: Record<string, string>) => {
    const m = (await registry.registry.getSingleMetric(name)?.get())?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    return m?.value ?? 0;
  };
  return { destination, runner, logs, value, registry };
}

describe('DeliveryRunner', () => {
  it('retries failures with growing waits until the destination accepts, and counts it all', async () => {
    const t = setup([new LogDeliveryError('network', 'ECONNREFUSED'), new LogDeliveryError('server_error', 'HTTP 503', { status: 503 })]);
    await t.runner.deliver(batch(['a', 'b']), Date.now() + 10_000);
    expect(t.destination.attempts.map((a) => a.ids)).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b']]);
    const [first, second, third] = t.destination.attempts.map((a) => a.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(18);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(38);
    expect(await t.value('flotilla_log_lines_delivered_total', { destination: 'webhook', log_type: 'result' })).toBe(2);
    expect(await t.value('flotilla_log_delivery_retries_total', { destination: 'webhook' })).toBe(2);
    expect(await t.value('flotilla_log_delivery_failures_total', { destination: 'webhook', reason: 'network' })).toBe(1);
    expect(await t.value('flotilla_log_delivery_failures_total', { destination: 'webhook', reason: 'server_error' })).toBe(1);
    const histogram = await t.registry.registry.getSingleMetric('flotilla_log_batch_delivery_duration_seconds')?.get();
    expect(histogram?.values.find((v) => (v as { metricName?: string }).metricName === 'flotilla_log_batch_delivery_duration_seconds_count')?.value).toBe(1);
  });

  it('after a partial refusal sends only the refused records again', async () => {
    const t = setup([new LogDeliveryError('partial', 'Kafka refused 2 of 3', { remaining: batch(['b', 'c']).records })]);
    await t.runner.deliver(batch(['a', 'b', 'c']), Date.now() + 10_000);
    expect(t.destination.attempts.map((a) => a.ids)).toEqual([['a', 'b', 'c'], ['b', 'c']]);
    expect(await t.value('flotilla_log_lines_delivered_total', { destination: 'webhook', log_type: 'result' })).toBe(3);
  });

  it('honours Retry-After, for the next batch too', async () => {
    const t = setup([new LogDeliveryError('throttled', 'HTTP 429', { status: 429, retryAfterMs: 300 })]);
    const started = Date.now();
    await t.runner.deliver(batch(['a']), Date.now() + 10_000);
    expect((t.destination.attempts[1]?.at ?? 0) - started).toBeGreaterThanOrEqual(290);
    // Before the Retry-After time is up, a new batch waits too (not called early, then throttled again).
    const u = setup([new LogDeliveryError('throttled', 'HTTP 429', { status: 429, retryAfterMs: 300 })]);
    const first = u.runner.deliver(batch(['x']), Date.now() + 10_000);
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all([first, u.runner.deliver(batch(['y']), Date.now() + 10_000)]);
    expect(u.destination.attempts).toHaveLength(3);
    expect(u.destination.attempts.slice(1).every((a) => a.at - (u.destination.attempts[0]?.at ?? 0) >= 290)).toBe(true);
  });

  it('gives up at the deadline with the last failure, without calling past it', async () => {
    const t = setup([], FAST, new LogDeliveryError('server_error', 'HTTP 500', { status: 500 }));
    const deadline = Date.now() + 1_500;
    await expect(t.runner.deliver(batch(['a']), deadline)).rejects.toMatchObject({ code: 'server_error' });
    expect(Date.now()).toBeLessThan(deadline + 2_000);
    expect(t.destination.attempts.length).toBeGreaterThan(1);
    expect(t.destination.attempts.every((a) => a.at <= deadline)).toBe(true);
  });

  it('defers without calling the destination when its Retry-After reaches past the deadline', async () => {
    const t = setup([new LogDeliveryError('throttled', 'HTTP 429', { status: 429, retryAfterMs: 60_000 })]);
    await expect(t.runner.deliver(batch(['a']), Date.now() + 5_000)).rejects.toMatchObject({ code: 'throttled' });
    await expect(t.runner.deliver(batch(['b']), Date.now() + 5_000)).rejects.toMatchObject({ code: 'deferred' });
    expect(t.destination.attempts).toHaveLength(1);
    expect(await t.value('flotilla_log_delivery_failures_total', { destination: 'webhook', reason: 'deferred' })).toBe(1);
  });

  it('abandons an attempt that outlives its timeout, as a timeout, and tries again', async () => {
    const t = setup(['hang'], { ...FAST, attemptTimeoutMs: 100 });
    await t.runner.deliver(batch(['a']), Date.now() + 5_000);
    expect(t.destination.attempts).toHaveLength(2);
    expect(await t.value('flotilla_log_delivery_failures_total', { destination: 'webhook', reason: 'timeout' })).toBe(1);
  });

  it('logs a 4xx refusal as an error every time (it will not heal by itself), other failures as warnings', async () => {
    const t = setup([
      new LogDeliveryError('network', 'reset'),
      new LogDeliveryError('client_error', 'HTTP 404', { status: 404 }),
      new LogDeliveryError('client_error', 'HTTP 404', { status: 404 }),
      new LogDeliveryError('network', 'reset'),
    ]);
    await t.runner.deliver(batch(['a']), Date.now() + 5_000);
    // Transient failures: a warning on the first attempt (and every tenth), not on each retry.
    expect(t.logs.map((l) => [l.level, l.reason])).toEqual([
      ['warn', 'network'],
      ['error', 'client_error'],
      ['error', 'client_error'],
    ]);
  });

  it('stops waiting at once when stopped (shutdown), failing the batch for redelivery', async () => {
    const t = setup([], { ...FAST, backoff: { initialMs: 10_000, maxMs: 10_000, jitter: 0 } }, new LogDeliveryError('network', 'down'));
    const delivery = t.runner.deliver(batch(['a']), Date.now() + 60_000);
    await new Promise((r) => setTimeout(r, 50));
    const stoppedAt = Date.now();
    t.runner.stop();
    await expect(delivery).rejects.toBeInstanceOf(LogDeliveryError);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000); // not the 10 s backoff
  });
});
