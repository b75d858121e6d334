import type { Role } from '@flotilla/domain';
import { TeamEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { In } from 'typeorm';
import type { TeamRole } from '../authz/principal';
import type { UserRecord } from './users.repository';

/** A team as user views list it (Fleet's `{id, name, description}`). */
export interface FleetTeamSummary {
  id: number;
  name: string;
  description: string;
}

/** Fleet's user JSON (`teams` and 4.86's `fleets` carry the same entries). */
export interface FleetUser {
  id: number;
  created_at: string;
  updated_at: string;
  name: string;
  email: string;
  position: string;
  force_password_reset: boolean;
  gravatar_url: string;
  sso_enabled: boolean;
  mfa_enabled: boolean;
  global_role: Role | null;
  api_only: boolean;
  teams: Array<FleetTeamSummary & { role: Role }>;
  fleets: Array<FleetTeamSummary & { role: Role }>;
  settings: { hidden_host_columns: string[] };
}

/** Names of the given teams (ids of deleted teams are dropped). */
export async function teamSummaries(db: EntityManagerSource, ids?: readonly number[]): Promise<Map<number, FleetTeamSummary>> {
  if (ids !== undefined && ids.length === 0) return new Map();
  const rows = await db.manager.find(TeamEntity, { select: { id: true, name: true, description: true }, ...(ids ? { where: { id: In([...ids]) } } : {}), order: { name: 'ASC' } });
  return new Map(rows.map((t) => [t.id, { id: t.id, name: t.name, description: t.description }]));
}

export function toFleetUser(user: UserRecord, teams: ReadonlyMap<number, FleetTeamSummary>): FleetUser {
  const roles = user.teams.flatMap((t: TeamRole) => {
    const team = teams.get(t.teamId);
    return team ? [{ ...team, role: t.role }] : [];
  });
  return {
    id: user.id,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    name: user.name,
    email: user.email,
    position: user.position,
    force_password_reset: user.forcePasswordReset,
    gravatar_url: user.gravatarUrl,
    sso_enabled: user.ssoEnabled,
    mfa_enabled: user.mfaEnabled,
    global_role: user.globalRole,
    api_only: user.apiOnly,
    teams: roles,
    fleets: roles,
    settings: user.settings,
  };
}

/** Users as Fleet JSON, with one team lookup for all of them. */
export async function toFleetUsers(db: EntityManagerSource, users: readonly UserRecord[]): Promise<FleetUser[]> {
  const teams = await teamSummaries(db, [...new Set(users.flatMap((u) => u.teams.map((t) => t.teamId)))]);
  return users.map((u) => toFleetUser(u, teams));
}

/** The teams a user can work with: every team for a global role, otherwise its own. */
export async function availableTeams(db: EntityManagerSource, user: Pick<UserRecord, 'globalRole' | 'teams'> | null): Promise<FleetTeamSummary[]> {
  const all = user === null || user.globalRole !== null;
  return [...(await teamSummaries(db, all ? undefined : user.teams.map((t) => t.teamId))).values()];
}
