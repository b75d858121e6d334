import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OSQUERY_LOGS } from '@flotilla/contracts';
import { InProcessBus } from '@flotilla/platform-bus';
import type { BusSubscription } from '@flotilla/platform-bus';
import { createLogger } from '@flotilla/platform-logging';
import { MetricsRegistry } from '@flotilla/platform-metrics';
import { waitFor } from '@flotilla/testing';
import { FilesystemDestination } from '../destinations/filesystem.destination';
import { WebhookDestination } from '../destinations/webhook.destination';
import { RecordingHttpServer } from '../testing/recording-http.server';
import { ConsumerTiming, DestinationConsumer } from './destination.consumer';
import type { OsqueryLogMessage } from './log-records';
import { LogShipperMetrics } from './log-shipper.metrics';

/**
 * The whole destination side over the in-process bus (the standalone stream, with JetStream's
 * semantics): messages appended to OSQUERY_LOGS, one durable consumer per destination, a webhook
 * receiver that is down for a while and then comes back.
 */
describe('log pipeline (in-process stream → destinations)', () => {
  const logger = createLogger({ level: 'silent', base: {} });
  // A short budget, so a message is handed back (nak) and redelivered while the receiver is down.
  const timing: ConsumerTiming = { ackWaitMs: 10_000, budgetMs: 600, concurrency: 8 };
  const settings = { idField: 'flotilla_log_id', snapshotFormat: false, batch: { maxLines: 1000, maxBytes: 1024 * 1024, maxWaitMs: 20 } };
  const policy = { backoff: { initialMs: 50, maxMs: 200, jitter: 0.2 }, attemptTimeoutMs: 1_000 };
  let bus: InProcessBus;
  let server: RecordingHttpServer;
  let dir: string;
  const subs: BusSubscription[] = [];

  beforeEach(async () => {
    bus = new InProcessBus({ logger: { warn: () => undefined, error: () => undefined }, redeliveryBackoff: { initialMs: 50, maxMs: 300, jitter: 0.2 } });
    await bus.start();
    server = new RecordingHttpServer(() => ({ status: 503 }));
    dir = mkdtempSync(join(tmpdir(), 'flotilla-pipeline-'));
  });

  afterEach(async () => {
    await Promise.all(subs.splice(0).map((s) => s.unsubscribe()));
    await bus.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const message = (n: number, logType: 'result' | 'status'): OsqueryLogMessage => ({
    hostId: 1,
    hostIdentifier: 'host-1',
    logType,
    batchId: `${logType}-batch-${n}`,
    receivedAt: new Date().toISOString(),
    lines: Array.from({ length: 5 }, (_, i) => ({ name: 'pack/Global/q', hostIdentifier: 'host-1', counter: n, line: i })),
  });
  const idsOf = (m: OsqueryLogMessage) => m.lines.map((_, i) => `${m.batchId}:${i}`);

  /** Consumes as DestinationConsumer.consume does, recording each handler outcome (resolve = ack, throw = nak). */
  async function consume(consumer: DestinationConsumer, outcomes: Array<{ batchId: string; delivery: number; acked: boolean; at: number }>) {
    subs.push(
      await bus.consume(
        OSQUERY_LOGS,
        async (m, ctx) => {
          try {
            await consumer.handle(m);
            outcomes.push({ batchId: m.batchId, delivery: ctx.deliveryCount, acked: true, at: Date.now() });
          } catch (err) {
            outcomes.push({ batchId: m.batchId, delivery: ctx.deliveryCount, acked: false, at: Date.now() });
            throw err;
          }
        },
        { durable: consumer.durable, ackWaitMs: timing.ackWaitMs, concurrency: timing.concurrency },
      ),
    );
  }

  it('delivers every line once the receiver is back, acknowledging each message only after its lines were accepted; the filesystem is not held back', async () => {
    const url = await server.start();
    const metrics = new LogShipperMetrics(new MetricsRegistry({ service: 'test' }));
    const webhook = new DestinationConsumer(new WebhookDestination({ result: url }), new Set(['result']), settings, metrics, logger, timing, policy);
    const files = new DestinationConsumer(
      new FilesystemDestination({ dir, rotateBytes: 1024 * 1024, maxFiles: 2, compress: true }, logger),
      new Set(['result', 'status']),
      settings,
      metrics,
      logger,
      timing,
      policy,
    );
    const webhookOutcomes: Array<{ batchId: string; delivery: number; acked: boolean; at: number }> = [];
    await consume(webhook, webhookOutcomes);
    await consume(files, []);

    const results = Array.from({ length: 20 }, (_, n) => message(n, 'result'));
    const statuses = Array.from({ length: 4 }, (_, n) => message(n, 'status'));
    for (const m of [...results, ...statuses]) await bus.append(OSQUERY_LOGS, m, { msgId: m.batchId });

    // The filesystem consumer ships everything while the webhook receiver is down.
    const fileIds = (file: string) => {
      try {
        return readFileSync(join(dir, file), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { flotilla_log_id: string }).flotilla_log_id);
      } catch {
        return [];
      }
    };
    await waitFor(() => fileIds('osqueryd.results.log').length >= 100 && fileIds('osqueryd.status.log').length >= 20, { what: 'the filesystem destination caught up' });
    expect(new Set(fileIds('osqueryd.results.log'))).toEqual(new Set(results.flatMap(idsOf)));
    expect(new Set(fileIds('osqueryd.status.log'))).toEqual(new Set(statuses.flatMap(idsOf)));

    // Down long enough that messages go back to the stream and come again.
    await waitFor(() => webhookOutcomes.some((o) => !o.acked && o.delivery >= 2), { timeoutMs: 10_000, what: 'a redelivered message failing again' });
    expect(webhookOutcomes.filter((o) => o.acked && o.batchId.startsWith('result'))).toEqual([]);
    const comeback = Date.now();
    server.answer(() => ({ status: 200, body: '{}' }));

    const received = () => server.requests.filter((r) => r.reply === 200).flatMap((r) => (JSON.parse(r.body) as Array<{ flotilla_log_id: string }>).map((l) => l.flotilla_log_id));
    await waitFor(() => results.every((m) => webhookOutcomes.some((o) => o.batchId === m.batchId && o.acked)), { timeoutMs: 10_000, what: 'every result message acknowledged' });
    expect(new Set(received())).toEqual(new Set(results.flatMap(idsOf)));
    // Status lines are not the webhook's: acknowledged at once, never sent.
    expect(received().some((id) => id.startsWith('status'))).toBe(false);
    for (const m of statuses) expect(webhookOutcomes.find((o) => o.batchId === m.batchId)).toMatchObject({ acked: true, delivery: 1 });

    // Each result message was acknowledged only after a 2xx answer to a request carrying all its lines.
    for (const m of results) {
      const ack = webhookOutcomes.find((o) => o.batchId === m.batchId && o.acked);
      const carried = server.requests.find((r) => r.reply === 200 && idsOf(m).every((id) => r.body.includes(`"${id}"`)));
      expect(carried).toBeDefined();
      expect(ack?.at).toBeGreaterThanOrEqual(carried?.at ?? Infinity);
      expect(ack?.at).toBeGreaterThanOrEqual(comeback);
    }

    // Acknowledged means gone: the same durable consumer, attached again, gets nothing more.
    await Promise.all(subs.splice(0).map((s) => s.unsubscribe()));
    const redelivered: string[] = [];
    subs.push(await bus.consume(OSQUERY_LOGS, async (m) => void redelivered.push(m.batchId), { durable: webhook.durable }));
    const fresh = message(99, 'result');
    await bus.append(OSQUERY_LOGS, fresh, { msgId: fresh.batchId });
    await waitFor(() => redelivered.length > 0, { what: 'the next message' });
    expect(redelivered).toEqual([fresh.batchId]);
  });

  it('gives unacknowledged messages back to the stream: a consumer that stops while the receiver is down loses nothing', async () => {
    const url = await server.start();
    const metrics = new LogShipperMetrics(new MetricsRegistry({ service: 'test' }));
    const first = new DestinationConsumer(new WebhookDestination({ result: url }), new Set(['result']), settings, metrics, logger, timing, policy);
    await consume(first, []);
    const results = Array.from({ length: 6 }, (_, n) => message(n, 'result'));
    for (const m of results) await bus.append(OSQUERY_LOGS, m, { msgId: m.batchId });
    await waitFor(() => server.requests.length >= 3, { what: 'failing attempts' });
    // "Crash": stop retrying and detach, as shutdown does.
    first.stop();
    await Promise.all(subs.splice(0).map((s) => s.unsubscribe()));

    server.answer(() => ({ status: 200, body: '{}' }));
    const second = new DestinationConsumer(new WebhookDestination({ result: url }), new Set(['result']), settings, metrics, logger, timing, policy);
    await consume(second, []);
    const delivered = () => new Set(server.requests.filter((r) => r.reply === 200).flatMap((r) => (JSON.parse(r.body) as Array<{ flotilla_log_id: string }>).map((l) => l.flotilla_log_id)));
    await waitFor(() => delivered().size === 30, { timeoutMs: 10_000, what: 'all 30 lines delivered by the second consumer' });
    expect(delivered()).toEqual(new Set(results.flatMap(idsOf)));
  });
});
