import type { QueryEntity } from '@flotilla/platform-db';
import { can, canSomewhere } from '../authz/authorizer';
import type { Principal } from '../authz/principal';

/**
 * May `principal` read a query of team `teamId`? Global queries (`null`) are readable by everyone
 * who may read queries anywhere (team users see them as inherited); a team's by its readers.
 */
export function canReadQuery(principal: Principal, teamId: number | null): boolean {
  return teamId === null ? canSomewhere(principal, 'query.read') : can(principal, 'query.read', teamId);
}

/**
 * May `principal` edit or delete `query`? `query.write` on its team (global queries: a global
 * role), and Fleet's rule that a team maintainer changes only the queries it wrote.
 */
export function canWriteQuery(principal: Principal, query: Pick<QueryEntity, 'teamId' | 'authorId'>): boolean {
  if (!can(principal, 'query.write', query.teamId)) return false;
  const user = principal.user;
  if (!user || user.globalRole !== null || query.teamId === null) return true;
  const role = user.teams.find((t) => t.teamId === query.teamId)?.role;
  return role !== 'maintainer' || query.authorId === user.id;
}
