import type { ScheduledQueryRef } from '@flotilla/codec-osquery';
import type { QueryLoggingType } from '@flotilla/platform-db';

/** What result logs and schedule stats need of a saved query. */
export interface CatalogQuery {
  id: number;
  teamId: number | null;
  name: string;
  query: string;
  loggingType: QueryLoggingType;
  discardData: boolean;
}

/** Fleet's rule: only snapshot queries that keep their data have a report. */
export function storesReport(q: Pick<CatalogQuery, 'loggingType' | 'discardData'>): boolean {
  return q.loggingType === 'snapshot' && !q.discardData;
}

/**
 * Whether changing a query from `before` to `after` makes its stored results meaningless (as
 * Fleet: new SQL, or it no longer keeps a report — discard_data turned on, logging no longer snapshot).
 */
export function invalidatesResults(before: CatalogQuery, after: CatalogQuery): boolean {
  return before.query !== after.query || (storesReport(before) && !storesReport(after));
}

const key = (teamId: number | null, name: string): string => `${teamId ?? 0}\u0000${name.toLowerCase()}`;

/**
 * The saved queries (global and per team) by id and by the name osquery's schedule gives them
 * (`pack/Global/<name>`, `pack/team-<id>/<name>`). Names are unique per team ignoring letter case.
 */
export class SavedQueryCatalog {
  private readonly ids: ReadonlyMap<number, CatalogQuery>;
  private readonly names: ReadonlyMap<string, CatalogQuery>;

  constructor(queries: readonly CatalogQuery[]) {
    this.ids = new Map(queries.map((q) => [q.id, q]));
    this.names = new Map(queries.map((q) => [key(q.teamId, q.name), q]));
  }

  static empty(): SavedQueryCatalog {
    return new SavedQueryCatalog([]);
  }

  get size(): number {
    return this.ids.size;
  }

  byId(id: number): CatalogQuery | undefined {
    return this.ids.get(id);
  }

  /** The global or team query a schedule name points to; legacy packs' queries are not saved queries of a team. */
  find(ref: ScheduledQueryRef): CatalogQuery | undefined {
    if (ref.scope === 'legacy_pack' || (ref.scope === 'team' && ref.teamId <= 0)) return undefined;
    return this.names.get(key(ref.scope === 'team' ? ref.teamId : null, ref.queryName));
  }
}
