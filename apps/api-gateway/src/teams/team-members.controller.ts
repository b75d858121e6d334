import { Body, Controller, Delete, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { TeamMembersService, type FleetTeamUser } from './team-members.service';
import { TeamSecretsService, type FleetTeamSecret } from './team-secrets.service';
import type { TeamResponse } from './team-view.mapper';
import { TeamsError } from './teams.errors';
import { ApiTeamId, ApiTeamListQueries, SECRETS_BODY_SCHEMA, TEAM_RESPONSE_SCHEMA, TEAM_SECRETS_SCHEMA, TEAM_USERS_BODY_SCHEMA, TEAM_USERS_SCHEMA } from './teams.openapi';
import {
  addTeamUsersBodySchema,
  pageOf,
  parseBody,
  removeTeamUsersBodySchema,
  TEAM_PATHS,
  teamId,
  teamSecretsBodySchema,
  teamUsersQuerySchema,
  USER_ORDER_KEYS,
} from './teams.params';

/** A team's members (`/teams/:id/users`) and enroll secrets (`/teams/:id/secrets`). */
@ApiTags('teams')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@ApiResponse({ status: 404, description: 'no such team', schema: FLEET_ERROR_SCHEMA })
@Controller(TEAM_PATHS)
export class TeamMembersController {
  constructor(
    private readonly members: TeamMembersService,
    private readonly secrets: TeamSecretsService,
  ) {}

  @Get(':id/users')
  @Authorize('user.read')
  @ApiOperation({ summary: "List the team's users, each with its role on the team" })
  @ApiTeamId()
  @ApiTeamListQueries(USER_ORDER_KEYS)
  @ApiResponse({ status: 200, schema: TEAM_USERS_SCHEMA })
  async users(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() raw: Record<string, unknown>): Promise<{ users: FleetTeamUser[] }> {
    const target = teamId(id);
    const q = parseOrFail(teamUsersQuerySchema, raw, TeamsError.invalidParameters);
    const users = await this.members.list(principal, target, {
      ...(q.query ? { query: q.query } : {}),
      orderKey: q.order_key ?? 'name',
      direction: q.order_direction ?? 'asc',
      ...pageOf(q),
    });
    return { users };
  }

  @Patch(':id/users')
  @Authorize('team.write')
  @ApiOperation({ summary: 'Add users to the team or change their role ({"users":[{"id":1,"role":"observer"}]})' })
  @ApiTeamId()
  @ApiBody({ schema: TEAM_USERS_BODY_SCHEMA })
  @ApiResponse({ status: 200, schema: TEAM_RESPONSE_SCHEMA })
  @ApiResponse({ status: 422, description: 'unknown users, users with a global role, invalid roles (nothing changed)', schema: FLEET_ERROR_SCHEMA })
  addUsers(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<TeamResponse> {
    const target = teamId(id);
    return this.members.add(principal, target, parseBody(addTeamUsersBodySchema, body).users);
  }

  @Delete(':id/users')
  @Authorize('team.write')
  @ApiOperation({ summary: 'Remove users from the team ({"users":[{"id":1}]})' })
  @ApiTeamId()
  @ApiBody({ schema: TEAM_USERS_BODY_SCHEMA })
  @ApiResponse({ status: 200, schema: TEAM_RESPONSE_SCHEMA })
  @ApiResponse({ status: 422, schema: FLEET_ERROR_SCHEMA })
  removeUsers(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<TeamResponse> {
    const target = teamId(id);
    return this.members.remove(principal, target, parseBody(removeTeamUsersBodySchema, body).users.map((u) => u.id));
  }

  @Get(':id/secrets')
  @Authorize('enroll_secret.read')
  @ApiOperation({ summary: "The team's enroll secrets" })
  @ApiTeamId()
  @ApiResponse({ status: 200, schema: TEAM_SECRETS_SCHEMA })
  async listSecrets(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<{ secrets: FleetTeamSecret[] }> {
    return { secrets: await this.secrets.list(principal, teamId(id)) };
  }

  @Patch(':id/secrets')
  @Authorize('enroll_secret.write')
  @ApiOperation({ summary: "Replace the team's enroll secrets ({\"secrets\":[{\"secret\":\"…\"}]})" })
  @ApiTeamId()
  @ApiBody({ schema: SECRETS_BODY_SCHEMA })
  @ApiResponse({ status: 200, schema: TEAM_SECRETS_SCHEMA })
  @ApiResponse({ status: 409, description: 'a secret is already used by another team or globally', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, schema: FLEET_ERROR_SCHEMA })
  async replaceSecrets(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ secrets: FleetTeamSecret[] }> {
    const target = teamId(id);
    const secrets = parseBody(teamSecretsBodySchema, body).secrets.map((s) => s.secret);
    return { secrets: await this.secrets.replace(principal, target, secrets) };
  }
}
