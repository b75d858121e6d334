import type { EntityManagerSource } from '@flotilla/platform-db';
import type { ActivitiesService, Actor } from '../activities/activities.service';
import type { Roles } from './role-assignment';
import { teamSummaries } from './user-view';

/**
 * Records Fleet's role activities for the difference between `before` and `after`:
 * changed/deleted_user_global_role and changed/deleted_user_team_role (one per team).
 */
export async function recordRoleChanges(
  activities: ActivitiesService,
  db: EntityManagerSource,
  actor: Actor,
  user: { id: number; name: string; email: string },
  before: Roles,
  after: Roles,
): Promise<void> {
  const who = { user_id: user.id, user_name: user.name, user_email: user.email };
  if (before.globalRole !== after.globalRole) {
    if (after.globalRole !== null) await activities.record(actor, 'changed_user_global_role', { ...who, role: after.globalRole });
    else if (before.globalRole !== null) await activities.record(actor, 'deleted_user_global_role', { ...who, role: before.globalRole });
  }
  const teams = await teamSummaries(db, [...new Set([...before.teams, ...after.teams].map((t) => t.teamId))]);
  const teamOf = (teamId: number) => ({ team_id: teamId, team_name: teams.get(teamId)?.name ?? null });
  for (const t of after.teams) {
    if (before.teams.find((b) => b.teamId === t.teamId)?.role !== t.role) await activities.record(actor, 'changed_user_team_role', { ...who, role: t.role, ...teamOf(t.teamId) });
  }
  for (const b of before.teams) {
    if (!after.teams.some((t) => t.teamId === b.teamId)) await activities.record(actor, 'deleted_user_team_role', { ...who, role: b.role, ...teamOf(b.teamId) });
  }
}
