import { Inject, Injectable } from '@nestjs/common';
import { QueryEntity, QueryStatsEntity, UserEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import type { QueryContent } from './query-rules';

/** A query's stored fields (what create, apply and hidden live queries write; `teamKey` is derived). */
export interface QueryDefinition extends QueryContent {
  teamId: number | null;
  authorId: number | null;
  saved: boolean;
}

export interface QueryAuthor {
  name: string;
  email: string;
}

/** LIKE pattern for a substring, with `!` as the escape character (portable: no backslash rules). */
const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

const row = (q: Partial<QueryDefinition>): QueryDeepPartialEntity<QueryEntity> =>
  ({ ...q, ...(q.teamId !== undefined ? { teamKey: q.teamId ?? 0 } : {}) }) as QueryDeepPartialEntity<QueryEntity>;

/**
 * The `queries` table (owned by api-gateway) and the authors its JSON names. Lists hold saved
 * queries only: ad-hoc live queries are stored hidden (`saved` false). Deployments hold at most a
 * few thousand saved queries, so lists load whole.
 */
@Injectable()
export class QueriesRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  /** Saved queries of the given teams (`null` = global ones), optionally whose name contains `query`. */
  list(teams: ReadonlyArray<number | null>, query?: string): Promise<QueryEntity[]> {
    const keys = [...new Set(teams.map((t) => t ?? 0))];
    if (keys.length === 0) return Promise.resolve([]);
    const qb = this.db.manager.createQueryBuilder(QueryEntity, 'q').where('q.team_key IN (:...keys)', { keys }).andWhere('q.saved = :saved', { saved: true });
    if (query) qb.andWhere("LOWER(q.name) LIKE :q ESCAPE '!'", { q: containsPattern(query) });
    return qb.orderBy('q.id', 'ASC').getMany();
  }

  findById(id: number, tx: EntityManager = this.db.manager): Promise<QueryEntity | null> {
    return tx.findOneBy(QueryEntity, { id });
  }

  findByIds(ids: readonly number[]): Promise<QueryEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.db.manager.find(QueryEntity, { where: { id: In([...ids]) }, order: { id: 'ASC' } });
  }

  /**
   * The query of the team (`null`: global) named `name` ignoring letter case, other than
   * `exceptId`. Compared in JS: the dialects fold case differently, and a team has few queries.
   */
  async findByName(teamId: number | null, name: string, exceptId?: number, tx: EntityManager = this.db.manager): Promise<QueryEntity | null> {
    const folded = name.toLowerCase();
    const rows = await tx.find(QueryEntity, { select: { id: true, name: true }, where: { teamKey: teamId ?? 0 } });
    const match = rows.find((q) => q.id !== exceptId && q.name.toLowerCase() === folded);
    return match ? this.findById(match.id, tx) : null;
  }

  /** Inserts a query; returns its id. Throws the driver's duplicate-key error for a taken name. */
  async insert(query: QueryDefinition, tx: EntityManager = this.db.manager): Promise<number> {
    const result = await tx.insert(QueryEntity, row(query));
    const id: unknown = result.identifiers[0]?.['id'];
    if (typeof id !== 'number') throw new Error('queries: insert returned no id');
    return id;
  }

  async update(id: number, changes: Partial<QueryDefinition>, tx: EntityManager = this.db.manager): Promise<void> {
    if (Object.keys(changes).length > 0) await tx.update(QueryEntity, { id }, row(changes));
  }

  /** Deletes the queries `ids`; returns how many went. */
  async delete(ids: readonly number[], tx: EntityManager = this.db.manager): Promise<number> {
    if (ids.length === 0) return 0;
    return (await tx.delete(QueryEntity, { id: In([...ids]) })).affected ?? 0;
  }

  /** Name and email of the existing users among `ids`. */
  async authors(ids: ReadonlyArray<number | null>): Promise<Map<number, QueryAuthor>> {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.manager.find(UserEntity, { select: { id: true, name: true, email: true }, where: { id: In(wanted) } });
    return new Map(rows.map((u) => [u.id, { name: u.name, email: u.email }]));
  }

  /** Per-host performance samples of these queries (written by osquery-ingest), by query id. */
  async stats(ids: readonly number[]): Promise<Map<number, QueryStatsEntity[]>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.manager.find(QueryStatsEntity, { where: { queryId: In([...new Set(ids)]) } });
    const byQuery = new Map<number, QueryStatsEntity[]>();
    for (const r of rows) byQuery.set(r.queryId, [...(byQuery.get(r.queryId) ?? []), r]);
    return byQuery;
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.manager.transaction(work);
  }
}
