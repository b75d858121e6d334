import { Inject, Injectable } from '@nestjs/common';
import { QueryEntity, ScheduledQueryEntity, type EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, type EntityManager } from 'typeorm';
import type { ScheduledContent } from './pack-rules';

/** A scheduled query's stored fields. */
export interface ScheduledDefinition extends ScheduledContent {
  packId: number;
  queryId: number;
}

/** The saved query a scheduled query runs, as its JSON shows it. */
export interface ScheduledSource {
  id: number;
  name: string;
  query: string;
  teamId: number | null;
  saved: boolean;
}

const CHUNK = 500;
const nullableBool = (v: boolean | null): boolean | null => (v === null ? null : Boolean(v));

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** A stored scheduled query as its validated content (booleans normalised across dialects). */
export function scheduledContentOf(s: ScheduledQueryEntity): ScheduledContent {
  return {
    name: s.name,
    description: s.description,
    scheduleInterval: s.scheduleInterval,
    snapshot: nullableBool(s.snapshot),
    removed: nullableBool(s.removed),
    platform: s.platform,
    version: s.version,
    shard: s.shard,
    denylist: nullableBool(s.denylist),
  };
}

/**
 * `scheduled_queries` (owned by api-gateway: packs' saved queries with their schedule options)
 * and the read-only lookups of `queries` they need.
 */
@Injectable()
export class ScheduledQueriesRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  /** The scheduled queries of each pack of `packIds`, by pack (id order). */
  async ofPacks(packIds: readonly number[], tx: EntityManager = this.db.manager): Promise<Map<number, ScheduledQueryEntity[]>> {
    const out = new Map<number, ScheduledQueryEntity[]>(packIds.map((id) => [id, []]));
    for (const part of chunks([...new Set(packIds)])) {
      for (const row of await tx.find(ScheduledQueryEntity, { where: { packId: In(part) }, order: { id: 'ASC' } })) out.get(row.packId)?.push(row);
    }
    return out;
  }

  findById(id: number, tx: EntityManager = this.db.manager): Promise<ScheduledQueryEntity | null> {
    return tx.findOneBy(ScheduledQueryEntity, { id });
  }

  /** The pack's scheduled query named `name` ignoring letter case, other than `exceptId`. */
  async findByName(packId: number, name: string, exceptId?: number, tx: EntityManager = this.db.manager): Promise<ScheduledQueryEntity | null> {
    const folded = name.toLowerCase();
    const rows = await tx.find(ScheduledQueryEntity, { where: { packId }, order: { id: 'ASC' } });
    return rows.find((s) => s.id !== exceptId && s.name.toLowerCase() === folded) ?? null;
  }

  /** Inserts a scheduled query; returns its id. Throws the driver's duplicate-key error for a name the pack has. */
  async insert(definition: ScheduledDefinition, tx: EntityManager = this.db.manager): Promise<number> {
    const result = await tx.insert(ScheduledQueryEntity, definition);
    const id: unknown = result.identifiers[0]?.['id'];
    if (typeof id !== 'number') throw new Error('scheduled queries: insert returned no id');
    return id;
  }

  async update(id: number, changes: Partial<ScheduledDefinition>, tx: EntityManager = this.db.manager): Promise<void> {
    if (Object.keys(changes).length > 0) await tx.update(ScheduledQueryEntity, { id }, changes);
  }

  async delete(ids: readonly number[], tx: EntityManager = this.db.manager): Promise<number> {
    if (ids.length === 0) return 0;
    return (await tx.delete(ScheduledQueryEntity, { id: In([...ids]) })).affected ?? 0;
  }

  /** Drops the scheduled queries running any of `queryIds` (the saved queries are going); returns the packs that lost one. */
  async forgetQueries(queryIds: readonly number[], tx: EntityManager): Promise<number[]> {
    const packIds = new Set<number>();
    for (const part of chunks([...new Set(queryIds)])) {
      const rows = await tx.find(ScheduledQueryEntity, { select: { id: true, packId: true }, where: { queryId: In(part) } });
      if (rows.length === 0) continue;
      for (const r of rows) packIds.add(r.packId);
      await tx.delete(ScheduledQueryEntity, { id: In(rows.map((r) => r.id)) });
    }
    return [...packIds].sort((a, b) => a - b);
  }

  /** The saved queries among `ids` (hidden live-query ones included: callers decide), by id. */
  async sources(ids: readonly number[], tx: EntityManager = this.db.manager): Promise<Map<number, ScheduledSource>> {
    const out = new Map<number, ScheduledSource>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await tx.find(QueryEntity, { select: { id: true, name: true, query: true, teamId: true, saved: true }, where: { id: In(part) } });
      for (const q of rows) out.set(q.id, { id: q.id, name: q.name, query: q.query, teamId: q.teamId, saved: Boolean(q.saved) });
    }
    return out;
  }

  /** Every global saved query's id and name (pack specs name their queries). */
  async globalQueries(tx: EntityManager = this.db.manager): Promise<Array<{ id: number; name: string }>> {
    const rows = await tx.find(QueryEntity, { select: { id: true, name: true }, where: { teamKey: 0, saved: true }, order: { id: 'ASC' } });
    return rows.map((q) => ({ id: q.id, name: q.name }));
  }
}
