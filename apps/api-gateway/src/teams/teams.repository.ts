import { Inject, Injectable } from '@nestjs/common';
import { EnrollSecretEntity, HostEntity, TeamEntity, UserTeamEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, type EntityManager, type ObjectLiteral, type QueryDeepPartialEntity } from 'typeorm';
import { NAME_ORDER } from '../common/list-order';
import type { TeamOrderKey } from './teams.params';

export interface TeamListOptions {
  /** Only these teams (the caller's team scope). */
  withinTeams?: readonly number[];
  /** Substring of the name, case-insensitive. */
  query?: string;
  orderKey: TeamOrderKey;
  direction: 'ASC' | 'DESC';
  offset: number;
  limit?: number;
}

export interface NewTeam {
  name: string;
  description: string;
  config: Record<string, unknown>;
}

const ORDER_SQL: Readonly<Record<Exclude<TeamOrderKey, 'name'>, string>> = { id: 't.id', created_at: 't.created_at' };

/** TypeORM's deep-partial type cannot express `unknown` leaves; `config` is stored whole as JSON. */
const row = (team: Partial<NewTeam>): QueryDeepPartialEntity<TeamEntity> => team as QueryDeepPartialEntity<TeamEntity>;

/** LIKE pattern for a substring, with `!` as the escape character (portable: no backslash rules). */
const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

/**
 * The `teams` table (owned by api-gateway), plus the per-team counts and enroll secrets its JSON
 * shows, read from `hosts`, `user_teams` and `enroll_secrets` (osquery-ingest owns the first and
 * last: read-only here).
 */
@Injectable()
export class TeamsRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  async list(options: TeamListOptions): Promise<TeamEntity[]> {
    const qb = this.db.manager.createQueryBuilder(TeamEntity, 't');
    if (options.withinTeams !== undefined) {
      if (options.withinTeams.length === 0) return [];
      qb.andWhere('t.id IN (:...within)', { within: [...options.withinTeams] });
    }
    if (options.query) qb.andWhere("LOWER(t.name) LIKE :q ESCAPE '!'", { q: containsPattern(options.query) });
    if (options.orderKey === 'name') return this.byName(await qb.getMany(), options);
    qb.orderBy(ORDER_SQL[options.orderKey], options.direction).addOrderBy('t.id', options.direction);
    if (options.offset > 0) qb.offset(options.offset);
    if (options.limit !== undefined) qb.limit(options.limit);
    return qb.getMany();
  }

  /**
   * Names sort in JS: the dialects' collations disagree beyond ASCII (MySQL puts "Ä" with "A",
   * SQLite after "z"), and a deployment has at most a few thousand teams.
   */
  private byName(rows: TeamEntity[], options: TeamListOptions): TeamEntity[] {
    const sign = options.direction === 'DESC' ? -1 : 1;
    rows.sort((a, b) => sign * (NAME_ORDER.compare(a.name, b.name) || a.id - b.id));
    return rows.slice(options.offset, options.limit === undefined ? undefined : options.offset + options.limit);
  }

  findById(id: number): Promise<TeamEntity | null> {
    return this.db.manager.findOneBy(TeamEntity, { id });
  }

  findByIds(ids: readonly number[]): Promise<TeamEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.db.manager.find(TeamEntity, { where: { id: In([...ids]) }, order: { id: 'ASC' } });
  }

  /**
   * The team (other than `exceptId`) whose name equals `name` ignoring letter case. SQLite's
   * LOWER() folds ASCII letters only, so a name with other letters is also compared in JS.
   */
  async findByNameIgnoringCase(name: string, exceptId?: number): Promise<TeamEntity | null> {
    const qb = this.db.manager.createQueryBuilder(TeamEntity, 't').where('LOWER(t.name) = LOWER(:name)', { name });
    if (exceptId !== undefined) qb.andWhere('t.id <> :exceptId', { exceptId });
    const found = await qb.getOne();
    if (found || [...name].every((c) => c.charCodeAt(0) < 128)) return found;
    const folded = name.toLowerCase();
    const all = await this.db.manager.find(TeamEntity, { select: { id: true, name: true } });
    const match = all.find((t) => t.id !== exceptId && t.name.toLowerCase() === folded);
    return match ? this.findById(match.id) : null;
  }

  /** Inserts a team; returns its id. Throws the driver's duplicate-key error for a taken name. */
  async insert(team: NewTeam): Promise<number> {
    const result = await this.db.manager.insert(TeamEntity, row(team));
    const id: unknown = result.identifiers[0]?.['id'];
    if (typeof id !== 'number') throw new Error('teams: insert returned no id');
    return id;
  }

  async update(id: number, changes: Partial<NewTeam>): Promise<void> {
    if (Object.keys(changes).length > 0) await this.db.manager.update(TeamEntity, { id }, row(changes));
  }

  /** Deletes the team row, in one transaction with `alsoIn` (the team's memberships). */
  async delete(id: number, alsoIn: (tx: EntityManager) => Promise<void>): Promise<boolean> {
    return this.db.manager.transaction(async (tx) => {
      await alsoIn(tx);
      return ((await tx.delete(TeamEntity, { id })).affected ?? 0) > 0;
    });
  }

  /** Hosts per team, for the teams among `ids` that have any. */
  hostCounts(ids: readonly number[]): Promise<Map<number, number>> {
    return this.countsBy(HostEntity, 'h', ids);
  }

  /** Users holding a role per team. */
  userCounts(ids: readonly number[]): Promise<Map<number, number>> {
    return this.countsBy(UserTeamEntity, 'h', ids);
  }

  /** Enroll secrets of each team, oldest first. */
  async secrets(ids: readonly number[]): Promise<Map<number, EnrollSecretEntity[]>> {
    const out = new Map<number, EnrollSecretEntity[]>();
    if (ids.length === 0) return out;
    const rows = await this.db.manager.find(EnrollSecretEntity, { where: { teamId: In([...ids]) }, order: { createdAt: 'ASC', secret: 'ASC' } });
    for (const r of rows) if (r.teamId !== null) out.set(r.teamId, [...(out.get(r.teamId) ?? []), r]);
    return out;
  }

  private async countsBy(entity: new () => ObjectLiteral, alias: string, ids: readonly number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.manager
      .createQueryBuilder(entity, alias)
      .select(`${alias}.team_id`, 'team_id')
      .addSelect('COUNT(*)', 'n')
      .where(`${alias}.team_id IN (:...ids)`, { ids: [...ids] })
      .groupBy(`${alias}.team_id`)
      .getRawMany<{ team_id: number | string; n: number | string }>();
    return new Map(rows.map((r) => [Number(r.team_id), Number(r.n)]));
  }
}
