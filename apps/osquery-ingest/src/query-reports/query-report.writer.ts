import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@flotilla/platform-logging';
import { LOGGER } from '@flotilla/platform-server';
import type { OsqueryIngestSettings } from '../config/osquery-ingest.config';
import { OSQUERY_INGEST_SETTINGS } from '../osquery-ingest.tokens';
import { PeriodicWriter } from '../common/periodic-writer';
import { writeBatchOrEach, type Waiting } from '../common/batch-write';
import type { HostQueryReport } from './query-report.builder';
import { QueryReportsRepository, type HostReports } from './query-reports.repository';

/** How long a result waits for others to share its transaction (ms). */
const FLUSH_MS = 100;
/** A batch this large is written at once, without waiting for the timer. */
const FLUSH_AT_HOSTS = 500;

type Queued = Waiting<HostReports, void>;

/**
 * Query reports are written in batches: results queued by the log consumer are stored every
 * 100 ms (or at 500 hosts) in one transaction, so the result logs of many hosts cost one round
 * of statements instead of a transaction each. `store` resolves only once its results are
 * committed — the consumer acknowledges a chunk after that, so nothing acknowledged is lost. If
 * a batch fails, each host is tried alone, so one bad result fails (and is redelivered) by itself.
 */
@Injectable()
export class QueryReportWriter extends PeriodicWriter {
  /** Per host, in arrival order; a batch takes each host's oldest (the repository takes a host once per batch). */
  private queued = new Map<number, Queued[]>();

  constructor(
    private readonly repository: QueryReportsRepository,
    @Inject(OSQUERY_INGEST_SETTINGS) private readonly settings: OsqueryIngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected get flushIntervalMs(): number {
    return FLUSH_MS;
  }

  /** Queues one host's results; resolves once they are stored, rejects if they could not be. */
  store(hostId: number, reports: readonly HostQueryReport[]): Promise<void> {
    if (reports.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiting: Queued = { item: { hostId, reports }, resolve, reject };
      const queue = this.queued.get(hostId);
      if (queue) queue.push(waiting);
      else this.queued.set(hostId, [waiting]);
      if (this.queued.size === FLUSH_AT_HOSTS) void this.flush();
    });
  }

  protected async writeOnce(): Promise<void> {
    const batch = this.take();
    if (batch.length === 0) return;
    const maxRows = this.settings.queryReportMaxRows;
    await writeBatchOrEach(
      batch,
      async (hosts) => {
        await this.repository.storeResults(hosts, maxRows);
        return hosts.map(() => undefined);
      },
      (err) => this.logger.warn({ err, hosts: batch.length }, 'could not store a batch of query reports; storing each host alone'),
    );
    // Later results of hosts already in this batch, or more than one batch's worth: next round now.
    if (this.queued.size > 0) void this.flush();
  }

  /** Up to FLUSH_AT_HOSTS hosts' oldest queued results. */
  private take(): Queued[] {
    const batch: Queued[] = [];
    for (const [hostId, queue] of this.queued) {
      if (batch.length >= FLUSH_AT_HOSTS) break;
      batch.push(queue.shift() as Queued);
      if (queue.length === 0) this.queued.delete(hostId);
    }
    return batch;
  }
}
