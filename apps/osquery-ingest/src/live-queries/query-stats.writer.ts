import { Inject, Injectable } from '@nestjs/common';
import type { DistributedQueryStats } from '@flotilla/codec-osquery';
import { Database, QueryStatsEntity } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { DATABASE, LOGGER } from '@flotilla/platform-server';
import { In } from 'typeorm';
import { PeriodicWriter } from '../common/periodic-writer';

const FLUSH_MS = 1_000;
const MAX_PENDING = 100_000;

interface Sample extends DistributedQueryStats {
  queryId: number;
  hostId: number;
  at: Date;
}

/**
 * Saved queries' performance per host: each live answer's osquery `stats` is queued and written
 * once a second for all hosts (one transaction: executions + 1, times summed, last memory), so a
 * campaign to thousands of hosts costs a handful of statements. Lost samples on a crash only
 * make the numbers slightly stale.
 */
@Injectable()
export class QueryStatsWriter extends PeriodicWriter {
  private pending: Sample[] = [];

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected get flushIntervalMs(): number {
    return FLUSH_MS;
  }

  add(queryId: number, hostId: number, stats: DistributedQueryStats): void {
    if (this.pending.length >= MAX_PENDING) return;
    this.pending.push({ queryId, hostId, ...stats, at: new Date() });
  }

  protected async writeOnce(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.db.transaction(async (tx) => {
        const stored = await tx.findBy(QueryStatsEntity, { queryType: 'live', queryId: In([...new Set(batch.map((s) => s.queryId))]), hostId: In([...new Set(batch.map((s) => s.hostId))]) });
        const rows = new Map(stored.map((r) => [`${r.queryId}:${r.hostId}`, r]));
        for (const s of batch) {
          const key = `${s.queryId}:${s.hostId}`;
          const row = rows.get(key) ?? Object.assign(new QueryStatsEntity(), { queryId: s.queryId, hostId: s.hostId, queryType: 'live' as const, executions: 0, wallTimeMs: 0, userTime: 0, systemTime: 0, memory: 0, lastExecuted: null });
          row.executions += 1;
          row.wallTimeMs += Math.round(s.wallTimeMs);
          row.userTime += Math.round(s.userTime);
          row.systemTime += Math.round(s.systemTime);
          row.memory = Math.round(s.memory);
          row.lastExecuted = s.at;
          rows.set(key, row);
        }
        const values = [...rows.values()].sort((a, b) => a.queryId - b.queryId || a.hostId - b.hostId);
        await tx
          .createQueryBuilder()
          .insert()
          .into(QueryStatsEntity)
          .values(values)
          .orUpdate(['executions', 'wall_time_ms', 'user_time', 'system_time', 'memory', 'last_executed'], ['query_id', 'host_id', 'query_type'])
          .execute();
      });
    } catch (err) {
      this.logger.warn({ err, samples: batch.length }, 'could not store live query stats');
    }
  }
}
