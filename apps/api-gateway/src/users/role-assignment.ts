import type { Role } from '@flotilla/domain';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { canOnUser } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Action } from '../authz/permissions';
import type { Principal, TeamRole } from '../authz/principal';
import { teamSummaries } from './user-view';
import { UsersError } from './users.errors';

/** The roles an account (or invite) holds: one global role, or team roles. */
export interface Roles {
  globalRole: Role | null;
  teams: TeamRole[];
}

/** Roles from a request body (`global_role` / `teams: [{id, role}]`); neither means a global observer. */
export function rolesFromBody(body: { global_role?: Role | null | undefined; teams?: Array<{ id: number; role: Role }> | undefined }): Roles {
  const teams = (body.teams ?? []).map((t) => ({ teamId: t.id, role: t.role }));
  if (teams.length > 0) return { globalRole: null, teams: dedupe(teams) };
  return { globalRole: body.global_role ?? 'observer', teams: [] };
}

/**
 * Refuses (403) giving or taking `roles` unless `principal` may perform `action` on an account
 * with those roles — so a maintainer cannot make anyone (itself included) admin, and a team
 * admin can hand out roles on its own team only. Unknown team ids are 422.
 */
export async function assertCanAssign(db: EntityManagerSource, principal: Principal, action: Action, roles: Roles): Promise<void> {
  if (!canOnUser(principal, action, roles)) throw AuthzError.forbidden();
  if (roles.teams.length === 0) return;
  const known = await teamSummaries(db, roles.teams.map((t) => t.teamId));
  const unknown = roles.teams.filter((t) => !known.has(t.teamId)).map((t) => t.teamId);
  if (unknown.length > 0) throw UsersError.validation([{ name: 'teams', reason: `unknown team ids: ${unknown.join(', ')}` }]);
}

function dedupe(teams: TeamRole[]): TeamRole[] {
  return [...new Map(teams.map((t) => [t.teamId, t])).values()];
}
