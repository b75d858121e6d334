import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { PoliciesError } from './policies.errors';
import { ApiPolicyId, ApiPolicyListQueries, ApiPolicyWrite, ApiPolicyWriteBody, ApiTeamPathId, COUNT_SCHEMA, DELETE_BODY_SCHEMA, DELETED_SCHEMA, POLICY_RESPONSE_SCHEMA, TEAM_POLICY_LIST_SCHEMA } from './policies.openapi';
import { deletePoliciesBodySchema, parsePolicyBody, pathId, policyBodySchema, policyCountQuerySchema, policyListQuerySchema, TEAM_POLICY_PATHS, toListQuery } from './policies.params';
import { PoliciesService } from './policies.service';
import type { FleetPolicy } from './policy-view.mapper';

const teamId = (raw: string): number => pathId(raw, 'id');

/** Fleet's team ("fleet") policies API: `/teams/:id/policies…`, also `/fleets/:id/policies…`. */
@ApiTags('policies')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@ApiResponse({ status: 404, description: 'no such team, or no such policy in it', schema: FLEET_ERROR_SCHEMA })
@Controller(TEAM_POLICY_PATHS)
export class TeamPoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get()
  @Authorize('policy.read')
  @ApiOperation({ summary: "List a team's policies, and the global ones (inherited_policies, or merged in with merge_inherited=true)" })
  @ApiTeamPathId()
  @ApiPolicyListQueries(true)
  @ApiResponse({ status: 200, schema: TEAM_POLICY_LIST_SCHEMA })
  @ApiResponse({ status: 400, description: 'a bad query parameter', schema: FLEET_ERROR_SCHEMA })
  list(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() raw: Record<string, unknown>): Promise<{ policies: FleetPolicy[]; inherited_policies?: FleetPolicy[] }> {
    const team = teamId(id);
    return this.policies.list(principal, team, toListQuery(parseOrFail(policyListQuerySchema, raw, PoliciesError.invalidParameters)));
  }

  @Post()
  @HttpCode(200)
  @Authorize('policy.write')
  @ApiOperation({ summary: 'Create a team policy' })
  @ApiTeamPathId()
  @ApiPolicyWrite()
  async create(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ policy: FleetPolicy }> {
    const team = teamId(id);
    return { policy: await this.policies.create(principal, team, parsePolicyBody(policyBodySchema, body)) };
  }

  @Get('count')
  @Authorize('policy.read')
  @ApiOperation({ summary: "Count a team's policies (merge_inherited=true: with the global ones)" })
  @ApiTeamPathId()
  @ApiResponse({ status: 200, schema: COUNT_SCHEMA })
  async count(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() raw: Record<string, unknown>): Promise<{ count: number }> {
    const team = teamId(id);
    const q = parseOrFail(policyCountQuerySchema, raw, PoliciesError.invalidParameters);
    return { count: await this.policies.count(principal, team, { ...(q.query ? { query: q.query } : {}), mergeInherited: q.merge_inherited ?? false }) };
  }

  @Post('delete')
  @HttpCode(200)
  @Authorize('policy.write')
  @ApiOperation({ summary: "Delete team policies ({\"ids\":[…]}; ids of other teams' policies are ignored)" })
  @ApiTeamPathId()
  @ApiPolicyWriteBody(DELETE_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: DELETED_SCHEMA })
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ deleted: number[] }> {
    const team = teamId(id);
    return { deleted: await this.policies.delete(principal, team, parsePolicyBody(deletePoliciesBodySchema, body).ids) };
  }

  @Get(':policy_id')
  @Authorize('policy.read')
  @ApiOperation({ summary: 'Get a team policy' })
  @ApiTeamPathId()
  @ApiPolicyId()
  @ApiResponse({ status: 200, schema: POLICY_RESPONSE_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('policy_id') policyId: string): Promise<{ policy: FleetPolicy }> {
    const team = teamId(id);
    return { policy: await this.policies.get(principal, team, pathId(policyId, 'policy_id')) };
  }

  @Patch(':policy_id')
  @Authorize('policy.write')
  @ApiOperation({ summary: 'Modify a team policy (fields not sent are kept)' })
  @ApiTeamPathId()
  @ApiPolicyId()
  @ApiPolicyWrite()
  async modify(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('policy_id') policyId: string, @Body() body: unknown): Promise<{ policy: FleetPolicy }> {
    const team = teamId(id);
    const target = pathId(policyId, 'policy_id');
    return { policy: await this.policies.modify(principal, team, target, parsePolicyBody(policyBodySchema, body)) };
  }
}
