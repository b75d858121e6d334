import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Logger } from '@flotilla/platform-logging';
import { LOGGER } from '@flotilla/platform-server';
import { OSQUERY_INGEST_SETTINGS } from '../osquery-ingest.tokens';
import type { OsqueryIngestSettings } from '../config/osquery-ingest.config';
import { HostsRepository } from './hosts.repository';

/**
 * "Last seen" times, batched: a check-in only adds the host id to a set; every
 * OSQUERY_SEEN_FLUSH_MS one UPDATE per 1 000 hosts writes the flush time. A failed flush keeps
 * its ids for the next one.
 */
@Injectable()
export class SeenTimesService implements OnModuleInit, OnApplicationShutdown {
  private pending = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly hosts: HostsRepository,
    @Inject(OSQUERY_INGEST_SETTINGS) private readonly settings: OsqueryIngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.settings.seenFlushMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  mark(hostId: number): void {
    this.pending.add(hostId);
  }

  forget(hostId: number): void {
    this.pending.delete(hostId);
  }

  flush(): Promise<void> {
    this.flushing ??= this.doFlush().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    if (this.pending.size === 0) return;
    const ids = [...this.pending];
    this.pending = new Set();
    try {
      await this.hosts.touchSeen(ids, new Date());
    } catch (err) {
      for (const id of ids) this.pending.add(id);
      this.logger.warn({ err, hosts: ids.length }, 'could not record last-seen times; will retry');
    }
  }
}
