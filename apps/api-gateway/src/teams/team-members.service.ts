import { Injectable } from '@nestjs/common';
import type { Role } from '@flotilla/domain';
import type { TeamEntity } from '@flotilla/platform-db';
import { ActivitiesService } from '../activities/activities.service';
import type { Principal } from '../authz/principal';
import { UsersRepository, type UserRecord } from '../users/users.repository';
import { toFleetUser, type FleetUser } from '../users/user-view';
import { toTeamResponse, type TeamResponse } from './team-view.mapper';
import { accessibleTeam } from './team-access';
import { TeamViewsService } from './team-views.service';
import { TeamsError } from './teams.errors';
import { TeamsRepository } from './teams.repository';

/** A team member in Fleet's user shape, with `role` = its role on this team. */
export type FleetTeamUser = FleetUser & { role: Role | null };

export interface TeamUsersQuery {
  query?: string;
  orderKey: 'name' | 'email' | 'id' | 'created_at';
  direction: 'asc' | 'desc';
  offset: number;
  limit?: number;
}

const SORT: Record<TeamUsersQuery['orderKey'], (u: UserRecord) => string | number> = {
  name: (u) => u.name.toLowerCase(),
  email: (u) => u.email,
  id: (u) => u.id,
  created_at: (u) => u.createdAt.getTime(),
};

/**
 * Who holds a role on a team. Team admins manage their own team's members; nobody gives a team
 * role to a user with a global role (it already applies to every team, and wins).
 */
@Injectable()
export class TeamMembersService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly views: TeamViewsService,
    private readonly users: UsersRepository,
    private readonly activities: ActivitiesService,
  ) {}

  async list(principal: Principal, teamId: number, q: TeamUsersQuery): Promise<FleetTeamUser[]> {
    await accessibleTeam(this.teams, principal, 'user.read', teamId);
    const needle = q.query?.toLowerCase();
    const members = (await this.users.teamMembers(teamId)).filter((u) => !needle || u.name.toLowerCase().includes(needle) || u.email.includes(needle));
    const key = SORT[q.orderKey];
    const sign = q.direction === 'desc' ? -1 : 1;
    members.sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : a.id - b.id));
    const page = members.slice(q.offset, q.limit === undefined ? undefined : q.offset + q.limit);
    const teams = new Map((await this.teams.findByIds([...new Set(page.flatMap((u) => u.teams.map((t) => t.teamId)))])).map((t) => [t.id, { id: t.id, name: t.name, description: t.description }]));
    return page.map((u) => ({ ...toFleetUser(u, teams), role: u.teams.find((t) => t.teamId === teamId)?.role ?? null }));
  }

  /** Adds users to the team or changes their role on it; unknown or global users refuse the whole request. */
  async add(principal: Principal, teamId: number, requested: ReadonlyArray<{ id: number; role: Role }>): Promise<TeamResponse> {
    const team = await accessibleTeam(this.teams, principal, 'team.write', teamId);
    const roles = new Map(requested.map((u) => [u.id, u.role]));
    const users: UserRecord[] = [];
    const unknown: number[] = [];
    for (const id of roles.keys()) {
      const user = await this.users.findById(id);
      if (user) users.push(user);
      else unknown.push(id);
    }
    if (unknown.length > 0) throw TeamsError.unknownUsers(unknown);
    const global = users.filter((u) => u.globalRole !== null).map((u) => u.id);
    if (global.length > 0) throw TeamsError.globalUsers(global);
    const changed = users.filter((u) => u.teams.find((t) => t.teamId === teamId)?.role !== roles.get(u.id));
    await this.users.setTeamRoles(teamId, changed.map((u) => ({ userId: u.id, role: roles.get(u.id) as Role })));
    for (const u of changed) await this.activities.record(principal, 'changed_user_team_role', this.details(u, roles.get(u.id) as Role, team));
    return this.response(principal, team);
  }

  /** Removes users from the team; ids of non-members are ignored. */
  async remove(principal: Principal, teamId: number, ids: readonly number[]): Promise<TeamResponse> {
    const team = await accessibleTeam(this.teams, principal, 'team.write', teamId);
    const wanted = new Set(ids);
    const removed = (await this.users.teamMembers(teamId)).filter((u) => wanted.has(u.id));
    await this.users.removeFromTeam(teamId, removed.map((u) => u.id));
    for (const u of removed) {
      const role = u.teams.find((t) => t.teamId === teamId)?.role;
      await this.activities.record(principal, 'deleted_user_team_role', this.details(u, role ?? null, team));
    }
    return this.response(principal, team);
  }

  private details(user: UserRecord, role: Role | null, team: TeamEntity): Record<string, unknown> {
    return { user_id: user.id, user_name: user.name, user_email: user.email, role, team_id: team.id, team_name: team.name };
  }


  private async response(principal: Principal, team: TeamEntity): Promise<TeamResponse> {
    return toTeamResponse(await this.views.one(principal, team));
  }
}
