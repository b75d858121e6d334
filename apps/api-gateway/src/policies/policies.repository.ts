import { Inject, Injectable } from '@nestjs/common';
import { LabelEntity, PolicyEntity, PolicyStatsEntity, UserEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';

/** A policy's stored fields (what create and apply write; `teamKey` is derived). */
export interface PolicyDefinition {
  teamId: number | null;
  name: string;
  query: string;
  description: string;
  resolution: string;
  platform: string;
  critical: boolean;
  labelsIncludeAny: number[] | null;
  labelsExcludeAny: number[] | null;
  authorId: number | null;
}

export interface PolicyAuthor {
  name: string;
  email: string;
}

/** LIKE pattern for a substring, with `!` as the escape character (portable: no backslash rules). */
const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

const row = (p: Partial<PolicyDefinition>): QueryDeepPartialEntity<PolicyEntity> =>
  ({ ...p, ...(p.teamId !== undefined ? { teamKey: p.teamId ?? 0 } : {}) }) as QueryDeepPartialEntity<PolicyEntity>;

/**
 * The `policies` table (owned by api-gateway), with what its JSON shows: counts from
 * `policy_stats` (kept by osquery-ingest; read-only here), authors from `users`, label names
 * from `labels`. Deployments hold at most a few thousand policies, so lists load whole.
 */
@Injectable()
export class PoliciesRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  /** Policies of the given teams (`null` = global ones), optionally whose name contains `query`. */
  list(teams: ReadonlyArray<number | null>, query?: string): Promise<PolicyEntity[]> {
    const ids = teams.filter((t): t is number => t !== null);
    const conditions = [...(teams.includes(null) ? ['p.team_id IS NULL'] : []), ...(ids.length > 0 ? ['p.team_id IN (:...ids)'] : [])];
    if (conditions.length === 0) return Promise.resolve([]);
    const qb = this.db.manager.createQueryBuilder(PolicyEntity, 'p').where(`(${conditions.join(' OR ')})`, { ids });
    if (query) qb.andWhere("LOWER(p.name) LIKE :q ESCAPE '!'", { q: containsPattern(query) });
    return qb.orderBy('p.id', 'ASC').getMany();
  }

  findById(id: number, tx: EntityManager = this.db.manager): Promise<PolicyEntity | null> {
    return tx.findOneBy(PolicyEntity, { id });
  }

  findByIds(ids: readonly number[]): Promise<PolicyEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.db.manager.find(PolicyEntity, { where: { id: In([...ids]) }, order: { id: 'ASC' } });
  }

  /**
   * The policy of the team (`null`: global) named `name` ignoring letter case, other than
   * `exceptId`. Compared in JS: the dialects fold case differently, and a team has few policies.
   */
  async findByName(teamId: number | null, name: string, exceptId?: number, tx: EntityManager = this.db.manager): Promise<PolicyEntity | null> {
    const folded = name.toLowerCase();
    const rows = await tx.find(PolicyEntity, { where: { teamKey: teamId ?? 0 } });
    return rows.find((p) => p.id !== exceptId && p.name.toLowerCase() === folded) ?? null;
  }

  /** Inserts a policy; returns its id. Throws the driver's duplicate-key error for a taken name. */
  async insert(policy: PolicyDefinition, tx: EntityManager = this.db.manager): Promise<number> {
    const result = await tx.insert(PolicyEntity, row(policy));
    const id: unknown = result.identifiers[0]?.['id'];
    if (typeof id !== 'number') throw new Error('policies: insert returned no id');
    return id;
  }

  async update(id: number, changes: Partial<PolicyDefinition>, tx: EntityManager = this.db.manager): Promise<void> {
    if (Object.keys(changes).length > 0) await tx.update(PolicyEntity, { id }, row(changes));
  }

  /** Deletes those of `ids` that belong to the team (`null`: global policies); returns the ids deleted. */
  async delete(ids: readonly number[], teamId: number | null): Promise<number[]> {
    if (ids.length === 0) return [];
    return this.db.manager.transaction(async (tx) => {
      const found = await tx.find(PolicyEntity, { select: { id: true }, where: { id: In([...ids]), teamKey: teamId ?? 0 } });
      const doomed = found.map((p) => p.id).sort((a, b) => a - b);
      if (doomed.length > 0) await tx.delete(PolicyEntity, { id: In(doomed) });
      return doomed;
    });
  }

  /** Pass/fail counts of the policies among `ids` that have been answered. */
  async stats(ids: readonly number[]): Promise<Map<number, PolicyStatsEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.manager.find(PolicyStatsEntity, { where: { policyId: In([...ids]) } });
    return new Map(rows.map((r) => [r.policyId, r]));
  }

  /** Name and email of the existing users among `ids`. */
  async authors(ids: ReadonlyArray<number | null>): Promise<Map<number, PolicyAuthor>> {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.manager.find(UserEntity, { select: { id: true, name: true, email: true }, where: { id: In(wanted) } });
    return new Map(rows.map((u) => [u.id, { name: u.name, email: u.email }]));
  }

  /** Names of the existing labels among `ids`. */
  async labelNames(ids: readonly number[]): Promise<Map<number, string>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.manager.find(LabelEntity, { select: { id: true, name: true }, where: { id: In(wanted) } });
    return new Map(rows.map((l) => [l.id, l.name]));
  }

  /** Ids of the labels named `names` (exact names; missing ones are absent from the map). */
  async labelIds(names: readonly string[], tx: EntityManager = this.db.manager): Promise<Map<string, number>> {
    const wanted = [...new Set(names)];
    if (wanted.length === 0) return new Map();
    const rows = await tx.find(LabelEntity, { select: { id: true, name: true }, where: { name: In(wanted) } });
    return new Map(rows.map((l) => [l.name, l.id]));
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.manager.transaction(work);
  }
}
