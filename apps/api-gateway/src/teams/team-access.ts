import type { TeamEntity } from '@flotilla/platform-db';
import { assertCan } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Action } from '../authz/permissions';
import type { Principal } from '../authz/principal';
import { TeamsError } from './teams.errors';
import type { TeamsRepository } from './teams.repository';

/**
 * The team `id`, if `principal` may perform `action` on it and it exists. Permission is checked
 * first (403), so users with team roles learn nothing about other teams; then existence (404).
 */
export async function accessibleTeam(teams: TeamsRepository, principal: Principal, action: Action, id: number): Promise<TeamEntity> {
  assertCan(principal, action, id, () => AuthzError.forbidden());
  const team = await teams.findById(id);
  if (!team) throw TeamsError.notFound(id);
  return team;
}
