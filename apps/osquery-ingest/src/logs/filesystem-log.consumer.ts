import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { OSQUERY_LOGS } from '@flotilla/contracts';
import type { PayloadOf } from '@flotilla/contracts';
import { BusHandlers, OnStream } from '@flotilla/platform-server';
import type { OsqueryIngestSettings } from '../config/osquery-ingest.config';
import { OSQUERY_INGEST_SETTINGS } from '../osquery-ingest.tokens';
import { RotatingFileWriter } from './rotating-file.writer';

/**
 * The default log destination: JSON lines in `osqueryd.results.log` / `osqueryd.status.log`
 * under OSQUERY_LOG_DIR, one line per osquery log line, as osquery's filesystem logger writes
 * them. A stream message is acknowledged only after its lines are written, so a crash or a full
 * disk means redelivery, not loss.
 */
@BusHandlers('osquery-ingest')
@Injectable()
export class FilesystemLogConsumer {
  private readonly writers: Record<'result' | 'status', RotatingFileWriter>;

  constructor(@Inject(OSQUERY_INGEST_SETTINGS) settings: OsqueryIngestSettings) {
    const writer = (file: string) => new RotatingFileWriter(join(settings.logDir, file), settings.logDir, settings.logRotateBytes, settings.logMaxFiles);
    this.writers = { result: writer('osqueryd.results.log'), status: writer('osqueryd.status.log') };
  }

  @OnStream(OSQUERY_LOGS, { durable: 'osquery-ingest-filesystem', ackWaitMs: 60_000 })
  async write(batch: PayloadOf<typeof OSQUERY_LOGS>): Promise<void> {
    if (batch.lines.length === 0) return;
    await this.writers[batch.logType].append(`${batch.lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  }
}
