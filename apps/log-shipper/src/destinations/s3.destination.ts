import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { S3Storage } from '@flotilla/platform-storage';
import type { LogShipperSettings, LogType } from '../config/log-shipper.config';
import { LogDeliveryError } from './delivery.errors';
import type { LogBatch, LogDestination } from './log-destination';

const gzipAsync = promisify(gzip);

/**
 * `s3`: each batch is one gzipped object of JSON lines in S3_RESULT_LOG_BUCKET /
 * S3_STATUS_LOG_BUCKET, keyed `<S3_LOG_PREFIX><logType>/<yyyy>/<mm>/<dd>/<hh>/<batch id>.json.gz`
 * (UTC hour the oldest line was received). The batch id is a hash of the lines' dedupe ids, so
 * the same lines batched the same way after a redelivery overwrite their object instead of adding
 * a copy. Uses the platform's S3Storage (S3_ENDPOINT, S3_REGION, credentials, path style), which
 * creates a missing bucket and reports an unreachable store as unavailable.
 */
export class S3Destination implements LogDestination {
  readonly name = 's3' as const;
  private readonly stores: Partial<Record<LogType, S3Storage>> = {};
  private started = false;

  constructor(settings: LogShipperSettings['s3']) {
    const byBucket = new Map<string, S3Storage>();
    for (const [type, bucket] of Object.entries(settings.buckets) as Array<[LogType, string]>) {
      let store = byBucket.get(bucket);
      if (!store) {
        store = new S3Storage({
          bucket,
          region: settings.region,
          keyPrefix: settings.prefix,
          forcePathStyle: settings.forcePathStyle,
          // A stalled upload fails well inside the delivery budget of the messages behind it.
          connectTimeoutMs: 5_000,
          socketTimeoutMs: 10_000,
          ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
          ...(settings.accessKeyId ? { accessKeyId: settings.accessKeyId } : {}),
          ...(settings.secretAccessKey ? { secretAccessKey: settings.secretAccessKey } : {}),
        });
        byBucket.set(bucket, store);
      }
      this.stores[type] = store;
    }
  }

  async send(batch: LogBatch, signal: AbortSignal): Promise<void> {
    const store = this.stores[batch.logType];
    if (!store) throw new Error(`no S3 bucket for ${batch.logType} logs`);
    if (!this.started) {
      // Each store connects (creating its bucket if missing) in the background; start never throws.
      this.started = true;
      await Promise.all(this.distinctStores().map((s) => s.start()));
      await store.ready(2_000).catch(() => undefined);
    }
    const body = await gzipAsync(Buffer.from(batch.records.map((r) => `${r.json}\n`).join('')));
    signal.throwIfAborted();
    try {
      await store.put(objectKey(batch), body, { contentType: 'application/gzip' });
    } catch (err) {
      throw LogDeliveryError.from(err, signal);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.distinctStores().map((s) => s.close()));
  }

  private distinctStores(): S3Storage[] {
    return [...new Set(Object.values(this.stores))];
  }
}

/** `<logType>/<yyyy>/<mm>/<dd>/<hh>/<batch id>.json.gz` (S3Storage prepends the prefix). */
export function objectKey(batch: LogBatch): string {
  const at = new Date(batch.receivedAt);
  const when = Number.isNaN(at.getTime()) ? new Date() : at;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hash = createHash('sha256');
  for (const r of batch.records) hash.update(r.id).update('\n');
  const path = [when.getUTCFullYear(), pad(when.getUTCMonth() + 1), pad(when.getUTCDate()), pad(when.getUTCHours())].join('/');
  return `${batch.logType}/${path}/${hash.digest('hex').slice(0, 32)}.json.gz`;
}
