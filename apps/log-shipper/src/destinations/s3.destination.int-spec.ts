import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import S3rver from 's3rver';
import { OSQUERY_LOGS } from '@flotilla/contracts';
import { InProcessBus } from '@flotilla/platform-bus';
import { createLogger } from '@flotilla/platform-logging';
import { MetricsRegistry } from '@flotilla/platform-metrics';
import { S3Storage } from '@flotilla/platform-storage';
import { waitFor } from '@flotilla/testing';
import type { LogShipperSettings } from '../config/log-shipper.config';
import { DestinationConsumer } from '../pipeline/destination.consumer';
import { LogShipperMetrics } from '../pipeline/log-shipper.metrics';
import { objectKey, S3Destination } from './s3.destination';

/** The s3 destination against s3rver (a real S3-compatible server, as the platform's S3 storage int test uses). */
describe('s3 destination (s3rver)', () => {
  let server: S3rver;
  let directory: string;
  let endpoint: string;
  const logger = createLogger({ level: 'silent', base: {} });

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'flotilla-s3-logs-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  const settings = (buckets: LogShipperSettings['s3']['buckets']): LogShipperSettings['s3'] => ({
    buckets,
    prefix: 'fleet/osquery/',
    endpoint,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  /** Every object under the bucket, gunzipped and split into parsed lines, by key. */
  async function objects(bucket: string): Promise<Map<string, Array<{ flotilla_log_id: string }>>> {
    const store = new S3Storage({ ...settings({}), bucket });
    const out = new Map<string, Array<{ flotilla_log_id: string }>>();
    for await (const item of store.list('')) {
      const text = gunzipSync(await store.getBuffer(item.key)).toString('utf8');
      expect(text.endsWith('\n')).toBe(true);
      out.set(item.key, text.trimEnd().split('\n').map((l) => JSON.parse(l) as { flotilla_log_id: string }));
    }
    await store.close();
    return out;
  }

  it('writes one gzipped JSON-lines object per batch under <prefix><logType>/yyyy/mm/dd/hh/, creating the bucket', async () => {
    const dest = new S3Destination(settings({ result: 'osquery-results', status: 'osquery-status' }));
    const records = Array.from({ length: 3 }, (_, i) => ({ id: `b1:${i}`, json: JSON.stringify({ name: 'q', flotilla_log_id: `b1:${i}` }), bytes: 0 }));
    const batch = { logType: 'result' as const, receivedAt: '2025-01-29T07:32:55.000Z', records };
    await dest.send(batch, AbortSignal.timeout(10_000));
    // The same batch again (a redelivery that batched the same lines) overwrites its object.
    await dest.send(batch, AbortSignal.timeout(10_000));
    await dest.close();
    const stored = await objects('osquery-results');
    expect([...stored.keys()]).toEqual([`fleet/osquery/${objectKey(batch)}`]);
    expect(objectKey(batch)).toMatch(/^result\/2025\/01\/29\/07\/[0-9a-f]{32}\.json\.gz$/);
    expect([...stored.values()][0]?.map((l) => l.flotilla_log_id)).toEqual(['b1:0', 'b1:1', 'b1:2']);
  });

  it('ships every line of a stream through batches into objects: all present after gunzip', async () => {
    const bus = new InProcessBus({ logger: { warn: () => undefined, error: () => undefined } });
    await bus.start();
    const consumer = new DestinationConsumer(
      new S3Destination(settings({ status: 'osquery-status-many' })),
      new Set(['status']),
      { idField: 'flotilla_log_id', snapshotFormat: false, batch: { maxLines: 40, maxBytes: 1024 * 1024, maxWaitMs: 50 } },
      new LogShipperMetrics(new MetricsRegistry({ service: 'test' })),
      logger,
    );
    const sub = await consumer.consume(bus);
    const expected: string[] = [];
    for (let m = 0; m < 30; m++) {
      const lines = Array.from({ length: 7 }, (_, i) => ({ severity: '0', message: `m${m} l${i}` }));
      lines.forEach((_, i) => expected.push(`status-${m}:${i}`));
      await bus.append(OSQUERY_LOGS, { hostId: 1, hostIdentifier: 'h', logType: 'status', batchId: `status-${m}`, receivedAt: new Date().toISOString(), lines });
    }
    const ids = await waitFor(async () => {
      const all = [...(await objects('osquery-status-many')).values()].flat().map((l) => l.flotilla_log_id);
      return all.length >= expected.length ? all : undefined;
    }, { timeoutMs: 20_000, what: 'every status line in S3' });
    expect(new Set(ids)).toEqual(new Set(expected));
    const stored = await objects('osquery-status-many');
    expect(stored.size).toBeGreaterThanOrEqual(Math.ceil(expected.length / 40));
    expect([...stored.values()].every((lines) => lines.length <= 40)).toBe(true);
    consumer.stop();
    await sub.unsubscribe();
    await consumer.destination.close();
    await bus.close();
  });
});
