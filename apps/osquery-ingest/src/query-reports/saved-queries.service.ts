import { Inject, Injectable } from '@nestjs/common';
import { QUERIES_CHANGED } from '@flotilla/contracts';
import type { PayloadOf } from '@flotilla/contracts';
import type { Database } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { BusHandlers, DATABASE, LOGGER, OnEvent, OneAtATime, PLATFORM_CONTEXT, StartupWork } from '@flotilla/platform-server';
import type { PlatformContext } from '@flotilla/platform-server';
import { QueryReportsRepository } from './query-reports.repository';
import { invalidatesResults, SavedQueryCatalog, type CatalogQuery } from './saved-query.catalog';

/**
 * Keeps the saved queries in memory by the names osquery's schedule gives them (loaded once the
 * database is up, reloaded on QUERIES_CHANGED, which every replica hears), so result logs and
 * schedule stats find their query without a database read. A deleted query's results and stats
 * go with it; a query whose SQL changed, or that no longer keeps a report, forgets its results
 * (and, for new SQL, its stats), as Fleet does.
 */
@BusHandlers('osquery-ingest')
@Injectable()
export class SavedQueriesService extends StartupWork<void> {
  private current = SavedQueryCatalog.empty();
  private isLoaded = false;
  /**
   * Each query as of the last change event handled for it (or as first loaded): a reload for one
   * event may already show another query's change, which must still be compared when its own
   * event arrives.
   */
  private readonly handled = new Map<number, CatalogQuery>();
  private readonly reloads = new OneAtATime();

  constructor(
    private readonly reports: QueryReportsRepository,
    @Inject(DATABASE) db: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONTEXT) ctx: Pick<PlatformContext, 'readiness'>,
  ) {
    super({ name: 'saved-queries', kind: 'osquery-ingest', dependsOn: db, logger, readiness: ctx.readiness });
  }

  protected atStartup(): Promise<void> {
    return this.reload();
  }

  get catalog(): SavedQueryCatalog {
    return this.current;
  }

  /** Whether the catalog has been loaded at least once (before that, every name looks unknown). */
  get loaded(): boolean {
    return this.isLoaded;
  }

  @OnEvent(QUERIES_CHANGED, { broadcast: true })
  async queriesChanged(event: PayloadOf<typeof QUERIES_CHANGED>): Promise<void> {
    await this.reload();
    const invalidated: number[] = [];
    const newSql: number[] = [];
    for (const id of event.changedIds) {
      const was = this.handled.get(id);
      const now = this.current.byId(id);
      if (!now) continue;
      if (was && invalidatesResults(was, now)) invalidated.push(id);
      if (was && was.query !== now.query) newSql.push(id);
      this.handled.set(id, now);
    }
    await this.reports.forgetResults([...event.deletedIds, ...invalidated]);
    await this.reports.forgetStats([...event.deletedIds, ...newSql]);
  }

  /** Reloads the catalog, one load at a time (the last change always wins). */
  reload(): Promise<void> {
    return this.reloads.run(async () => {
      const queries = await this.reports.loadQueries();
      this.current = new SavedQueryCatalog(queries);
      const present = new Set(queries.map((q) => q.id));
      for (const id of this.handled.keys()) if (!present.has(id)) this.handled.delete(id);
      for (const q of queries) if (!this.handled.has(q.id)) this.handled.set(q.id, q);
      this.isLoaded = true;
      this.logger.debug({ queries: this.current.size }, 'saved queries loaded');
    });
  }
}
