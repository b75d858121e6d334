import { Inject, Injectable } from '@nestjs/common';
import { classifyQueryName, decodeDistributedWrite, DETAIL_QUERIES, DetailQuery, HostVitalsPatch } from '@flotilla/codec-osquery';
import type { Logger } from '@flotilla/platform-logging';
import { LOGGER } from '@flotilla/platform-server';
import type { OsqueryIngestSettings } from '../config/osquery-ingest.config';
import type { HostState } from '../hosts/host-state';
import { HostStateCache } from '../hosts/host-state.cache';
import { HostsRepository } from '../hosts/hosts.repository';
import { vitalsToColumns } from '../hosts/vitals-columns';
import { OSQUERY_INGEST_SETTINGS } from '../osquery-ingest.tokens';
import { DetailSchedule } from './detail-schedule';
import { DistributedReadBuilder, NOTHING_TO_DO } from './distributed-read.builder';

const CATALOG = new Map<string, DetailQuery>(DETAIL_QUERIES.map((q) => [q.name, q]));

/**
 * distributed/read decides from memory what a host must run (detail queries when due; labels,
 * policies and live queries join later) and answers with a pre-serialised string; distributed/
 * write ingests the answers: detail results become one UPDATE of the host row.
 */
@Injectable()
export class DistributedService {
  private readonly schedule: DetailSchedule;
  private readonly reads = new DistributedReadBuilder();
  /** When detail queries were last handed to each host (not yet answered). */
  private readonly detailSentAt = new Map<number, number>();

  constructor(
    private readonly hosts: HostsRepository,
    private readonly cache: HostStateCache,
    @Inject(OSQUERY_INGEST_SETTINGS) settings: OsqueryIngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.schedule = new DetailSchedule(settings.detailUpdateIntervalMs, settings.maxJitterPercent);
  }

  read(host: HostState): string {
    const now = Date.now();
    if (!this.schedule.isDue(host, this.detailSentAt.get(host.id), now)) return NOTHING_TO_DO;
    this.detailSentAt.set(host.id, now);
    return this.reads.detailAnswer(host.platform, host.hostname === '' || host.platform === '');
  }

  async write(host: HostState, body: unknown): Promise<void> {
    const req = decodeDistributedWrite(body);
    const patch: HostVitalsPatch = {};
    let details = 0;
    for (const result of req.results) {
      const kind = classifyQueryName(result.name);
      if (kind.kind !== 'detail') continue; // labels, policies, live queries: later features
      details++;
      const query = CATALOG.get(kind.name);
      if (!query || result.status !== 0) continue;
      try {
        Object.assign(patch, query.ingest(result.rows));
      } catch (err) {
        this.logger.info({ hostId: host.id, query: kind.name, err }, 'ignored a malformed detail answer');
      }
    }
    if (details === 0) return;
    const now = new Date();
    await this.hosts.updateColumns(host.id, { ...vitalsToColumns(patch), detailUpdatedAt: now, refetchRequested: false });
    this.detailSentAt.delete(host.id);
    // The cached state may have changed while this write was in flight (a transfer, a refetch):
    // build on the current entry, not the one read when the request began.
    this.cache.put({
      ...(this.cache.byId(host.id) ?? host),
      detailUpdatedAt: now.getTime(),
      refetchRequested: false,
      ...(patch.platform ? { platform: patch.platform } : {}),
      ...(patch.hostname ? { hostname: patch.hostname } : {}),
    });
  }

  forget(hostId: number): void {
    this.detailSentAt.delete(hostId);
  }
}
