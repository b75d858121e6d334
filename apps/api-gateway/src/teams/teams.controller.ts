import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import type { FleetTeamJson, LegacyTeamJson, TeamResponse } from './team-view.mapper';
import { TeamsError } from './teams.errors';
import { ApiTeamId, ApiTeamListQueries, TEAM_BODY_SCHEMA, TEAM_LIST_SCHEMA, TEAM_RESPONSE_SCHEMA } from './teams.openapi';
import { agentOptionsQuerySchema, createTeamBodySchema, modifyTeamBodySchema, pageOf, parseBody, TEAM_PATHS, teamId, teamListQuerySchema } from './teams.params';
import { TeamsService } from './teams.service';

/** Fleet's teams API: list, create, read, modify, delete, agent options. */
@ApiTags('teams')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(TEAM_PATHS)
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Authorize('team.read')
  @ApiOperation({ summary: 'List teams (users with team roles: their teams)' })
  @ApiTeamListQueries()
  @ApiResponse({ status: 200, schema: TEAM_LIST_SCHEMA })
  @ApiResponse({ status: 400, description: 'a bad query parameter', schema: FLEET_ERROR_SCHEMA })
  list(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<{ fleets: FleetTeamJson[]; teams: LegacyTeamJson[] }> {
    const q = parseOrFail(teamListQuerySchema, raw, TeamsError.invalidParameters);
    return this.teams.list(principal, {
      ...(q.query ? { query: q.query } : {}),
      orderKey: q.order_key ?? 'name',
      direction: q.order_direction === 'desc' ? 'DESC' : 'ASC',
      ...pageOf(q),
    });
  }

  @Post()
  @HttpCode(200)
  @Authorize('team.create')
  @ApiOperation({ summary: 'Create a team (name, description, secrets, settings)' })
  @ApiBody({ schema: TEAM_BODY_SCHEMA })
  @ApiResponse({ status: 200, schema: TEAM_RESPONSE_SCHEMA })
  @ApiResponse({ status: 409, description: 'a team with that name (in any letter case) exists, or a secret is used elsewhere', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'invalid or reserved name, unknown keys, invalid settings', schema: FLEET_ERROR_SCHEMA })
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<TeamResponse> {
    return this.teams.create(principal, parseBody(createTeamBodySchema, body));
  }

  @Get(':id')
  @Authorize('team.read')
  @ApiOperation({ summary: 'Get a team' })
  @ApiTeamId()
  @ApiResponse({ status: 200, schema: TEAM_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TeamResponse> {
    return this.teams.get(principal, teamId(id));
  }

  @Patch(':id')
  @Authorize('team.write')
  @ApiOperation({ summary: 'Modify a team: name, description, features, host_expiry_settings, webhook_settings, integrations, mdm' })
  @ApiTeamId()
  @ApiBody({ schema: TEAM_BODY_SCHEMA })
  @ApiResponse({ status: 200, schema: TEAM_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 409, description: 'another team has that name', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'unknown keys (named), invalid values', schema: FLEET_ERROR_SCHEMA })
  modify(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<TeamResponse> {
    const target = teamId(id);
    return this.teams.modify(principal, target, parseBody(modifyTeamBodySchema, body));
  }

  @Delete(':id')
  @Authorize('team.delete')
  @ApiOperation({ summary: 'Delete a team: its hosts move to no team, its enroll secrets and memberships go' })
  @ApiTeamId()
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Record<string, never>> {
    await this.teams.delete(principal, teamId(id));
    return {};
  }

  @Post(':id/agent_options')
  @HttpCode(200)
  @Authorize('team.write')
  @ApiOperation({ summary: "Replace the team's osquery agent options (the body is the agent options document)" })
  @ApiTeamId()
  @ApiQuery({ name: 'force', required: false, type: 'boolean', description: 'store even if validation fails' })
  @ApiQuery({ name: 'dry_run', required: false, type: 'boolean', description: 'validate only' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200, schema: TEAM_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'invalid agent options (each problem named by its path)', schema: FLEET_ERROR_SCHEMA })
  agentOptions(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() raw: Record<string, unknown>, @Body() body: unknown): Promise<TeamResponse> {
    const target = teamId(id);
    const q = parseOrFail(agentOptionsQuerySchema, raw, TeamsError.invalidParameters);
    return this.teams.setAgentOptions(principal, target, body, { force: q.force ?? false, dryRun: q.dry_run ?? false });
  }
}
