import { Inject, Injectable } from '@nestjs/common';
import type { HostScheduledQueryStat } from '@flotilla/codec-osquery';
import type { Logger } from '@flotilla/platform-logging';
import { LOGGER } from '@flotilla/platform-server';
import { QueryReportsRepository, type HostScheduleStats } from './query-reports.repository';
import type { SavedQueryCatalog } from './saved-query.catalog';
import { SavedQueriesService } from './saved-queries.service';
import { PeriodicWriter } from '../common/periodic-writer';

const FLUSH_MS = 1_000;
const MAX_PENDING_HOSTS = 100_000;

interface PendingSchedule {
  hostId: number;
  teamId: number | null;
  stats: readonly HostScheduledQueryStat[];
}

/**
 * Maps a host's schedule to its saved queries: `Global` entries to global queries, `team-<id>`
 * entries only to the host's own team's (Fleet's rule; legacy packs are not mapped here).
 */
export function scheduleStatsOf(host: { hostId: number; teamId: number | null }, stats: readonly HostScheduledQueryStat[], catalog: SavedQueryCatalog): HostScheduleStats {
  const out: HostScheduleStats = { hostId: host.hostId, scheduled: [], stats: [] };
  for (const s of stats) {
    if (s.query.scope === 'team' && s.query.teamId !== host.teamId) continue;
    const query = catalog.find(s.query);
    if (!query) continue;
    out.scheduled.push(query.id);
    // Not run yet (just scheduled, or osquery restarted): keep what was stored, as Fleet does.
    if (s.executions === 0) continue;
    out.stats.push({
      queryId: query.id,
      executions: s.executions,
      wallTimeMs: s.wallTimeMs,
      userTime: s.userTime,
      systemTime: s.systemTime,
      memory: s.averageMemory,
      lastExecuted: s.lastExecuted === null ? null : new Date(s.lastExecuted * 1000),
      outputSize: s.outputSize,
      denylisted: s.denylisted,
    });
  }
  return out;
}

/**
 * Scheduled query stats from the `scheduled_query_stats` detail query (hourly per host): each
 * host's latest schedule is queued and written once a second for all hosts in one transaction,
 * replacing the host's scheduled rows. Lost on a crash, they come back with the next detail run.
 */
@Injectable()
export class ScheduleStatsWriter extends PeriodicWriter {
  private pending = new Map<number, PendingSchedule>();

  constructor(
    private readonly queries: SavedQueriesService,
    private readonly reports: QueryReportsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected get flushIntervalMs(): number {
    return FLUSH_MS;
  }

  /** Queues a host's schedule (a newer one for the same host replaces it). */
  add(hostId: number, teamId: number | null, stats: readonly HostScheduledQueryStat[]): void {
    if (this.pending.size >= MAX_PENDING_HOSTS && !this.pending.has(hostId)) return;
    this.pending.set(hostId, { hostId, teamId, stats });
  }

  protected async writeOnce(): Promise<void> {
    // Until the saved queries are loaded every entry would look unknown (and its stats dropped): wait.
    if (this.pending.size === 0 || !this.queries.loaded) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const catalog = this.queries.catalog;
    try {
      await this.reports.replaceScheduleStats(batch.map((p) => scheduleStatsOf(p, p.stats, catalog)));
    } catch (err) {
      this.logger.warn({ err, hosts: batch.length }, 'could not store scheduled query stats');
    }
  }
}
