import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { PoliciesError } from './policies.errors';
import { ApiPolicyId, ApiPolicyListQueries, ApiPolicyWrite, ApiPolicyWriteBody, COUNT_SCHEMA, DELETE_BODY_SCHEMA, DELETED_SCHEMA, POLICY_LIST_SCHEMA, POLICY_RESPONSE_SCHEMA, SPECS_BODY_SCHEMA } from './policies.openapi';
import { deletePoliciesBodySchema, FLEET_PREFIXES, parsePolicyBody, pathId, policyBodySchema, policyCountQuerySchema, policyListQuerySchema, policySpecsBodySchema, toListQuery } from './policies.params';
import { PoliciesService } from './policies.service';
import { PolicySpecsService } from './policy-specs.service';
import type { FleetPolicy } from './policy-view.mapper';

/** `/policies<sub>` under both prefixes, plus Fleet's v1-only `/global/policies<sub>` alias when `legacy`. */
const paths = (sub: string, legacy = true): string[] => [...FLEET_PREFIXES.map((p) => `${p}/policies${sub}`), ...(legacy ? [`api/v1/fleet/global/policies${sub}`] : [])];

/** Fleet's global policies API and `POST /spec/policies` (fleetctl apply). */
@ApiTags('policies')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller()
export class PoliciesController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly specs: PolicySpecsService,
  ) {}

  @Get(paths(''))
  @Authorize('policy.read')
  @ApiOperation({ summary: 'List global policies with their passing/failing host counts (global roles only)' })
  @ApiPolicyListQueries(false)
  @ApiResponse({ status: 200, schema: POLICY_LIST_SCHEMA })
  @ApiResponse({ status: 400, description: 'a bad query parameter', schema: FLEET_ERROR_SCHEMA })
  list(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<{ policies: FleetPolicy[] }> {
    return this.policies.list(principal, null, toListQuery(parseOrFail(policyListQuerySchema, raw, PoliciesError.invalidParameters)));
  }

  @Post(paths(''))
  @HttpCode(200)
  @Authorize('policy.write')
  @ApiOperation({ summary: 'Create a global policy' })
  @ApiPolicyWrite()
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ policy: FleetPolicy }> {
    return { policy: await this.policies.create(principal, null, parsePolicyBody(policyBodySchema, body)) };
  }

  @Get(paths('/count', false))
  @Authorize('policy.read')
  @ApiOperation({ summary: 'Count global policies (query: substring of the name)' })
  @ApiResponse({ status: 200, schema: COUNT_SCHEMA })
  async count(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<{ count: number }> {
    const q = parseOrFail(policyCountQuerySchema, raw, PoliciesError.invalidParameters);
    return { count: await this.policies.count(principal, null, { ...(q.query ? { query: q.query } : {}), mergeInherited: false }) };
  }

  @Post(paths('/delete'))
  @HttpCode(200)
  @Authorize('policy.write')
  @ApiOperation({ summary: 'Delete global policies ({"ids":[…]}; ids of other policies are ignored)' })
  @ApiPolicyWriteBody(DELETE_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: DELETED_SCHEMA })
  async delete(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ deleted: number[] }> {
    return { deleted: await this.policies.delete(principal, null, parsePolicyBody(deletePoliciesBodySchema, body).ids) };
  }

  @Get(paths('/:policy_id'))
  @Authorize('policy.read')
  @ApiOperation({ summary: 'Get a policy (global roles only)' })
  @ApiPolicyId()
  @ApiResponse({ status: 200, schema: POLICY_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal, @Param('policy_id') id: string): Promise<{ policy: FleetPolicy }> {
    return { policy: await this.policies.get(principal, null, pathId(id, 'policy_id')) };
  }

  @Patch(paths('/:policy_id'))
  @Authorize('policy.write')
  @ApiOperation({ summary: 'Modify a global policy (fields not sent are kept)' })
  @ApiPolicyId()
  @ApiPolicyWrite()
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async modify(@CurrentPrincipal() principal: Principal, @Param('policy_id') id: string, @Body() body: unknown): Promise<{ policy: FleetPolicy }> {
    const policyId = pathId(id, 'policy_id');
    return { policy: await this.policies.modify(principal, null, policyId, parsePolicyBody(policyBodySchema, body)) };
  }

  @Post(FLEET_PREFIXES.map((p) => `${p}/spec/policies`))
  @HttpCode(200)
  @Authorize('policy.write')
  @ApiOperation({ summary: 'Apply policy specs: create or replace each policy by (team, name); team "" = global' })
  @ApiPolicyWriteBody(SPECS_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, description: 'a spec names an unknown team', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'an invalid spec (named specs.<index>.<field>)', schema: FLEET_ERROR_SCHEMA })
  async applySpecs(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Record<string, never>> {
    await this.specs.apply(principal, parsePolicyBody(policySpecsBodySchema, body).specs);
    return {};
  }
}
