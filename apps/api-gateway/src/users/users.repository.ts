import { Inject, Injectable } from '@nestjs/common';
import { isRole, type Role } from '@flotilla/domain';
import { UserEntity, UserTeamEntity, type UserSettingsRecord } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, type EntityManager } from 'typeorm';
import type { TeamRole } from '../authz/principal';

/** A user row with its team roles. */
export interface UserRecord {
  id: number;
  name: string;
  email: string;
  passwordHash: string | null;
  globalRole: Role | null;
  teams: TeamRole[];
  apiOnly: boolean;
  ssoEnabled: boolean;
  mfaEnabled: boolean;
  forcePasswordReset: boolean;
  position: string;
  gravatarUrl: string;
  settings: UserSettingsRecord;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  name: string;
  email: string;
  passwordHash: string | null;
  globalRole: Role | null;
  teams: readonly TeamRole[];
  apiOnly: boolean;
  ssoEnabled: boolean;
  mfaEnabled: boolean;
  forcePasswordReset: boolean;
  position: string;
}

export type UserChanges = Partial<Omit<NewUser, 'teams'>> & { teams?: readonly TeamRole[]; settings?: UserSettingsRecord };

export interface UserListOptions {
  /** Only users holding a role on one of these teams (global users excluded). */
  teamIds?: readonly number[];
  query?: string;
  orderKey?: 'id' | 'name' | 'email' | 'created_at' | 'updated_at';
  orderDirection?: 'asc' | 'desc';
  page?: number;
  perPage?: number;
}

const ORDER_COLUMNS = { id: 'u.id', name: 'u.name', email: 'u.email', created_at: 'u.created_at', updated_at: 'u.updated_at' } as const;

/** The `users` and `user_teams` tables (owned by api-gateway). Emails are compared lowercased. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  async count(): Promise<number> {
    return this.db.manager.count(UserEntity);
  }

  async countGlobalAdmins(): Promise<number> {
    return this.db.manager.countBy(UserEntity, { globalRole: 'admin' });
  }

  async findById(id: number): Promise<UserRecord | null> {
    const row = await this.db.manager.findOneBy(UserEntity, { id });
    return row ? (await this.withTeams([row]))[0] ?? null : null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.db.manager.findOneBy(UserEntity, { email: normaliseEmail(email) });
    return row ? (await this.withTeams([row]))[0] ?? null : null;
  }

  async list(options: UserListOptions = {}): Promise<UserRecord[]> {
    const qb = this.db.manager.createQueryBuilder(UserEntity, 'u');
    if (options.teamIds !== undefined) {
      if (options.teamIds.length === 0) return [];
      qb.andWhere('u.id IN (SELECT ut.user_id FROM user_teams ut WHERE ut.team_id IN (:...teamIds))', { teamIds: [...options.teamIds] });
    }
    if (options.query) {
      const like = `%${options.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(LOWER(u.name) LIKE :like OR LOWER(u.email) LIKE :like)', { like });
    }
    qb.orderBy(ORDER_COLUMNS[options.orderKey ?? 'id'], options.orderDirection === 'desc' ? 'DESC' : 'ASC').addOrderBy('u.id', 'ASC');
    if (options.perPage !== undefined) qb.limit(options.perPage).offset((options.page ?? 0) * options.perPage);
    return this.withTeams(await qb.getMany());
  }

  /** Inserts a user and its team roles in one transaction; returns the id. Throws the driver's duplicate-key error for a taken email. */
  async insert(user: NewUser): Promise<number> {
    return this.db.manager.transaction(async (tx) => {
      const { teams, ...columns } = user;
      const result = await tx.insert(UserEntity, { ...columns, email: normaliseEmail(columns.email) });
      const id: unknown = result.identifiers[0]?.['id'];
      if (typeof id !== 'number') throw new Error('users: insert returned no id');
      await this.replaceTeams(tx, id, teams);
      return id;
    });
  }

  /** Applies `changes` (and, when given, replaces the team roles) in one transaction. */
  async update(id: number, changes: UserChanges, tx?: EntityManager): Promise<void> {
    const run = async (m: EntityManager): Promise<void> => {
      const { teams, ...columns } = changes;
      if (columns.email !== undefined) columns.email = normaliseEmail(columns.email);
      if (Object.keys(columns).length > 0) await m.update(UserEntity, { id }, columns);
      if (teams !== undefined) await this.replaceTeams(m, id, teams);
    };
    await (tx ? run(tx) : this.db.manager.transaction(run));
  }

  async delete(id: number): Promise<boolean> {
    return this.db.manager.transaction(async (tx) => {
      await tx.delete(UserTeamEntity, { userId: id });
      const result = await tx.delete(UserEntity, { id });
      return (result.affected ?? 0) > 0;
    });
  }

  /** Members of a team with their role on it. */
  async teamMembers(teamId: number): Promise<UserRecord[]> {
    const memberships = await this.db.manager.findBy(UserTeamEntity, { teamId });
    if (memberships.length === 0) return [];
    const rows = await this.db.manager.find(UserEntity, { where: { id: In(memberships.map((m) => m.userId)) }, order: { id: 'ASC' } });
    return this.withTeams(rows);
  }

  /** Sets (adds or changes) one team role of each user. */
  async setTeamRoles(teamId: number, roles: ReadonlyArray<{ userId: number; role: Role }>): Promise<void> {
    await this.db.manager.transaction(async (tx) => {
      for (const { userId, role } of roles) {
        await tx.delete(UserTeamEntity, { userId, teamId });
        await tx.insert(UserTeamEntity, { userId, teamId, role });
      }
    });
  }

  async removeFromTeam(teamId: number, userIds: readonly number[]): Promise<void> {
    if (userIds.length > 0) await this.db.manager.delete(UserTeamEntity, { teamId, userId: In([...userIds]) });
  }

  /** Forgets every role on a deleted team. */
  async removeTeam(teamId: number, tx: EntityManager = this.db.manager): Promise<void> {
    await tx.delete(UserTeamEntity, { teamId });
  }

  private async replaceTeams(tx: EntityManager, userId: number, teams: readonly TeamRole[]): Promise<void> {
    await tx.delete(UserTeamEntity, { userId });
    if (teams.length > 0) await tx.insert(UserTeamEntity, teams.map((t) => ({ userId, teamId: t.teamId, role: t.role })));
  }

  private async withTeams(rows: UserEntity[]): Promise<UserRecord[]> {
    if (rows.length === 0) return [];
    const memberships = await this.db.manager.find(UserTeamEntity, { where: { userId: In(rows.map((r) => r.id)) }, order: { teamId: 'ASC' } });
    const byUser = new Map<number, TeamRole[]>();
    for (const m of memberships) {
      if (!isRole(m.role)) continue;
      const list = byUser.get(m.userId) ?? [];
      list.push({ teamId: m.teamId, role: m.role });
      byUser.set(m.userId, list);
    }
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      passwordHash: r.passwordHash,
      globalRole: isRole(r.globalRole) ? r.globalRole : null,
      teams: byUser.get(r.id) ?? [],
      apiOnly: Boolean(r.apiOnly),
      ssoEnabled: Boolean(r.ssoEnabled),
      mfaEnabled: Boolean(r.mfaEnabled),
      forcePasswordReset: Boolean(r.forcePasswordReset),
      position: r.position,
      gravatarUrl: r.gravatarUrl,
      settings: { hidden_host_columns: r.settings?.hidden_host_columns ?? [] },
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }
}

/** Emails are stored and compared lowercased and trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
