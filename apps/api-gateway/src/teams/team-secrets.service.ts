import { Injectable } from '@nestjs/common';
import type { Principal } from '../authz/principal';
import { EnrollSecretsService, type FleetEnrollSecret } from '../enroll-secrets/enroll-secrets.service';
import { accessibleTeam } from './team-access';
import { TeamsRepository } from './teams.repository';

/** A team's enroll secret, with both the 4.86 (`fleet_id`) and the older (`team_id`) key. */
export interface FleetTeamSecret {
  secret: string;
  created_at: string;
  team_id: number;
  fleet_id: number;
}

/** `GET/PATCH /teams/:id/secrets`: the team must exist; EnrollSecretsService checks the permission, asks osquery-ingest and records the activity. */
@Injectable()
export class TeamSecretsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly secrets: EnrollSecretsService,
  ) {}

  async list(principal: Principal, teamId: number): Promise<FleetTeamSecret[]> {
    await accessibleTeam(this.teams, principal, 'enroll_secret.read', teamId);
    return (await this.secrets.list(principal, teamId)).map((s) => withIds(s, teamId));
  }

  async replace(principal: Principal, teamId: number, secrets: readonly string[]): Promise<FleetTeamSecret[]> {
    const team = await accessibleTeam(this.teams, principal, 'enroll_secret.write', teamId);
    return (await this.secrets.replace(principal, teamId, secrets, { teamName: team.name })).map((s) => withIds(s, teamId));
  }
}

function withIds(s: FleetEnrollSecret, teamId: number): FleetTeamSecret {
  return { secret: s.secret, created_at: s.created_at, team_id: teamId, fleet_id: teamId };
}
