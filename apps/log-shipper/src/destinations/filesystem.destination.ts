import { join } from 'node:path';
import type { Logger } from '@flotilla/platform-logging';
import type { LogShipperSettings, LogType } from '../config/log-shipper.config';
import { LogDeliveryError } from './delivery.errors';
import type { LogBatch, LogDestination } from './log-destination';
import { RotatingFileWriter } from './rotating-file.writer';

/**
 * `filesystem` (the default): JSON lines in `osqueryd.results.log` / `osqueryd.status.log` under
 * OSQUERY_LOG_DIR, one line per osquery log line, as osquery's filesystem logger writes them;
 * rotated by size, rotated files gzipped unless OSQUERY_LOG_COMPRESS=false. Delivered means
 * appended (a crash or a full disk means redelivery, not loss).
 */
export class FilesystemDestination implements LogDestination {
  readonly name = 'filesystem' as const;
  private readonly writers: Record<LogType, RotatingFileWriter>;

  constructor(settings: LogShipperSettings['filesystem'], logger: Logger) {
    const writer = (file: string) =>
      new RotatingFileWriter(join(settings.dir, file), {
        rotateBytes: settings.rotateBytes,
        maxFiles: settings.maxFiles,
        compress: settings.compress,
        onCompressError: (path, err) => logger.error({ err, path }, 'could not compress a rotated osquery log; kept uncompressed'),
      });
    this.writers = { result: writer('osqueryd.results.log'), status: writer('osqueryd.status.log') };
  }

  async send(batch: LogBatch): Promise<void> {
    try {
      await this.writers[batch.logType].append(batch.records.map((r) => `${r.json}\n`).join(''));
    } catch (err) {
      throw new LogDeliveryError('unavailable', `could not append to the ${batch.logType} log: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.writers).map((w) => w.idle()));
  }
}
