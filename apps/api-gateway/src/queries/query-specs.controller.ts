import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { QueriesError } from './queries.errors';
import { ApiQueryWriteBody, ApiTeamQuery, QUERY_SPEC_SCHEMA, SPECS_BODY_SCHEMA } from './queries.openapi';
import { parseQueryBody, pathName, QUERY_SPEC_PATHS, querySpecsBodySchema, teamOf, teamQuerySchema } from './queries.params';
import { QuerySpecsService } from './query-specs.service';
import type { FleetQuerySpec } from './query-view.mapper';

const team = (raw: Record<string, unknown>): number | null => teamOf(parseOrFail(teamQuerySchema, raw, QueriesError.invalidParameters));

/** Fleet's query specs (`fleetctl get queries`, `fleetctl apply`), at `/spec/queries` and 4.86's `/spec/reports`. */
@ApiTags('queries')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(QUERY_SPEC_PATHS)
export class QuerySpecsController {
  constructor(private readonly specs: QuerySpecsService) {}

  @Post()
  @HttpCode(200)
  @Authorize('query.write')
  @ApiOperation({ summary: 'Apply query specs: create or replace each query by (team, name); team "" = global (all or nothing)' })
  @ApiQueryWriteBody(SPECS_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, description: 'a spec names an unknown team', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'an invalid spec (named specs.<index>.<field>)', schema: FLEET_ERROR_SCHEMA })
  async apply(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Record<string, never>> {
    await this.specs.apply(principal, parseQueryBody(querySpecsBodySchema, body).specs);
    return {};
  }

  @Get()
  @Authorize('query.read')
  @ApiOperation({ summary: 'The saved queries of the global scope or a team (team_id), as specs' })
  @ApiTeamQuery('the team whose queries to list')
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['specs'], properties: { specs: { type: 'array', items: QUERY_SPEC_SCHEMA } } } })
  async list(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<{ specs: FleetQuerySpec[] }> {
    return { specs: await this.specs.list(principal, team(raw)) };
  }

  @Get(':name')
  @Authorize('query.read')
  @ApiOperation({ summary: 'One saved query as a spec (Fleet answers it under "specs")' })
  @ApiParam({ name: 'name', type: 'string' })
  @ApiTeamQuery('the team of the query')
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['specs'], properties: { specs: QUERY_SPEC_SCHEMA } } })
  async get(@CurrentPrincipal() principal: Principal, @Param('name') name: string, @Query() raw: Record<string, unknown>): Promise<{ specs: FleetQuerySpec }> {
    const queryName = pathName(name);
    return { specs: await this.specs.get(principal, team(raw), queryName) };
  }
}
