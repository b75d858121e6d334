import type { Role } from '@flotilla/domain';
import { PERMISSIONS, type Action } from './permissions';
import type { Principal } from './principal';

/** The bootstrap token (no user) acts as a global admin. */
function globalRoleOf(principal: Principal): Role | null {
  return principal.user ? principal.user.globalRole : 'admin';
}

/**
 * May `principal` perform `action` on a resource of team `teamId` (null: a global resource,
 * such as "No team" hosts, global enroll secrets or organisation settings)?
 */
export function can(principal: Principal, action: Action, teamId: number | null): boolean {
  const permission = PERMISSIONS[action];
  const global = globalRoleOf(principal);
  if (global !== null) return permission.roles.includes(global);
  const teams = principal.user?.teams ?? [];
  if (permission.scope === 'anywhere') return teams.some((t) => permission.roles.includes(t.role));
  if (teamId === null || permission.scope === 'global') return false;
  const role = teams.find((t) => t.teamId === teamId)?.role;
  return role !== undefined && permission.roles.includes(role);
}

/** May `principal` perform `action` anywhere (globally or on at least one of its teams)? */
export function canSomewhere(principal: Principal, action: Action): boolean {
  const scope = scopeOf(principal, action);
  return scope === 'all' || scope.length > 0;
}

/**
 * Where `principal` may perform `action`: everywhere (`'all'`, a global role that allows it) or
 * only on these teams (team roles that allow it). Lists filter by this.
 */
export function scopeOf(principal: Principal, action: Action): 'all' | number[] {
  const permission = PERMISSIONS[action];
  const global = globalRoleOf(principal);
  if (global !== null) return permission.roles.includes(global) ? 'all' : [];
  if (permission.scope === 'global') return [];
  if (permission.scope === 'anywhere' && (principal.user?.teams ?? []).some((t) => permission.roles.includes(t.role))) return 'all';
  return (principal.user?.teams ?? []).filter((t) => permission.roles.includes(t.role)).map((t) => t.teamId);
}

/** Whether `principal` is a global admin (or the bootstrap token). */
export function isGlobalAdmin(principal: Principal): boolean {
  return globalRoleOf(principal) === 'admin';
}

/** Thrown by `assertCan`; mapped to 403 by the caller's error type. */
export function assertCan(principal: Principal, action: Action, teamId: number | null, forbidden: () => Error): void {
  if (!can(principal, action, teamId)) throw forbidden();
}

/**
 * The team restriction a list query needs for `principal` and `action`: none (`{}`), or
 * `{ withinTeams }`. A team explicitly asked for (`requested`: an id, or null for "No team")
 * outside the principal's scope is refused with `forbidden()`.
 */
export function listScope(principal: Principal, action: Action, requested: number | null | undefined, forbidden: () => Error): { withinTeams?: number[] } {
  const scope = scopeOf(principal, action);
  if (scope === 'all') return {};
  if (requested !== undefined && (requested === null || !scope.includes(requested))) throw forbidden();
  return { withinTeams: scope };
}

/** The roles of a user account another principal acts on. */
export interface UserScope {
  globalRole: Role | null;
  teams: ReadonlyArray<{ teamId: number }>;
}

/**
 * May `principal` perform `action` on the account `target`? A user with a global role (or no
 * role at all) is a global resource. A team user is reachable through its teams: to read it, one
 * shared team suffices; to change it, the right is needed on every team it belongs to (a team
 * admin cannot edit someone who also works for another team).
 */
export function canOnUser(principal: Principal, action: Action, target: UserScope): boolean {
  if (target.globalRole !== null || target.teams.length === 0) return can(principal, action, null);
  const allowed = (t: { teamId: number }): boolean => can(principal, action, t.teamId);
  return action === 'user.read' ? target.teams.some(allowed) : target.teams.every(allowed);
}
