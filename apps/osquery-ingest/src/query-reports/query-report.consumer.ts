import { Inject, Injectable } from '@nestjs/common';
import { OSQUERY_LOGS } from '@flotilla/contracts';
import type { PayloadOf } from '@flotilla/contracts';
import type { Logger } from '@flotilla/platform-logging';
import { BusHandlers, LOGGER, OnStream } from '@flotilla/platform-server';
import type { OsqueryIngestSettings } from '../config/osquery-ingest.config';
import { OSQUERY_INGEST_SETTINGS } from '../osquery-ingest.tokens';
import { buildQueryReports } from './query-report.builder';
import { QueryReportWriter } from './query-report.writer';
import { SavedQueriesService } from './saved-queries.service';

/** Chunks handled at once: their results share the writer's transactions (QueryReportWriter). */
const IN_FLIGHT_CHUNKS = 512;

/**
 * Query reports from the durable result log stream: each chunk's snapshot results of saved
 * queries that keep a report are stored as their hosts' latest, many chunks per transaction
 * (QueryReportWriter). A chunk is acknowledged once stored; a failed write is retried, and a
 * chunk that still cannot be stored after about an hour of retries is dropped (the host's next
 * run of the query replaces it).
 */
@BusHandlers('osquery-ingest')
@Injectable()
export class QueryReportConsumer {
  private readonly maxRows: number;

  constructor(
    private readonly queries: SavedQueriesService,
    private readonly writer: QueryReportWriter,
    @Inject(OSQUERY_INGEST_SETTINGS) settings: OsqueryIngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.maxRows = settings.queryReportMaxRows;
  }

  @OnStream(OSQUERY_LOGS, { durable: 'osquery-ingest-query-reports', ackWaitMs: 60_000, maxDeliver: 120, concurrency: IN_FLIGHT_CHUNKS })
  async store(batch: PayloadOf<typeof OSQUERY_LOGS>): Promise<void> {
    if (batch.logType !== 'result' || batch.lines.length === 0) return;
    // Until the saved queries are loaded, every line would look like an unknown query.
    await this.queries.settled();
    if (!this.queries.loaded) throw new Error('saved queries not loaded (shutting down?): the chunk is redelivered');
    const catalog = this.queries.catalog;
    const { reports, malformed } = buildQueryReports(batch.lines, (ref) => catalog.find(ref), this.maxRows);
    if (malformed > 0) this.logger.debug({ hostId: batch.hostId, batchId: batch.batchId, malformed }, 'query reports skipped malformed result lines');
    await this.writer.store(batch.hostId, reports);
  }
}
