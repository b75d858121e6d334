import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { QueriesError } from './queries.errors';
import { ApiQueryId, ApiQueryListQueries, ApiQueryWrite, ApiQueryWriteBody, ApiTeamQuery, DELETE_BODY_SCHEMA, DELETED_COUNT_SCHEMA, QUERY_LIST_SCHEMA, QUERY_RESPONSE_SCHEMA } from './queries.openapi';
import { deleteQueriesBodySchema, parseQueryBody, pathId, pathName, QUERY_PATHS, queryBodySchema, teamOf, teamQuerySchema, toListOptions } from './queries.params';
import { QueriesService } from './queries.service';
import type { FleetQueryList } from './query-list';
import type { FleetQuery } from './query-view.mapper';

/** A query as Fleet 4.86 answers one: under `query` and under `report`. */
type QueryResponse = { query: FleetQuery; report: FleetQuery };
const response = (query: FleetQuery): QueryResponse => ({ query, report: query });

/** Fleet's saved queries API, at `/queries…` and 4.86's `/reports…` (same handlers). */
@ApiTags('queries')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(QUERY_PATHS)
export class QueriesController {
  constructor(private readonly queries: QueriesService) {}

  @Get()
  @Authorize('query.read')
  @ApiOperation({ summary: 'List saved queries: the global ones, or a team’s (team_id), with the global ones merged in (merge_inherited)' })
  @ApiQueryListQueries()
  @ApiResponse({ status: 200, schema: QUERY_LIST_SCHEMA })
  @ApiResponse({ status: 400, description: 'a bad query parameter', schema: FLEET_ERROR_SCHEMA })
  list(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<FleetQueryList> {
    return this.queries.list(principal, toListOptions(raw));
  }

  @Post()
  @HttpCode(200)
  @Authorize('query.write')
  @ApiOperation({ summary: 'Create a saved query (team_id: a team’s; absent or null: global)' })
  @ApiQueryWrite()
  @ApiResponse({ status: 404, description: 'no such team', schema: FLEET_ERROR_SCHEMA })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<QueryResponse> {
    return response(await this.queries.create(principal, parseQueryBody(queryBodySchema, body)));
  }

  @Post('delete')
  @HttpCode(200)
  @Authorize('query.write')
  @ApiOperation({ summary: 'Delete saved queries ({"ids":[…]}): all of them or none (404 for an unknown id, 403 for one the user may not change)' })
  @ApiQueryWriteBody(DELETE_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: DELETED_COUNT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async deleteMany(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ deleted: number }> {
    return { deleted: await this.queries.deleteMany(principal, parseQueryBody(deleteQueriesBodySchema, body).ids) };
  }

  @Delete('id/:id')
  @Authorize('query.write')
  @ApiOperation({ summary: 'Delete a saved query by id' })
  @ApiQueryId()
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async deleteById(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Record<string, never>> {
    await this.queries.deleteById(principal, pathId(id));
    return {};
  }

  @Get(':id')
  @Authorize('query.read')
  @ApiOperation({ summary: 'Get a saved query (Fleet 4.86 answers it as query and as report)' })
  @ApiQueryId()
  @ApiResponse({ status: 200, schema: QUERY_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<QueryResponse> {
    return response(await this.queries.get(principal, pathId(id)));
  }

  @Patch(':id')
  @Authorize('query.write')
  @ApiOperation({ summary: 'Modify a saved query (fields not sent are kept; team maintainers: only queries they wrote)' })
  @ApiQueryId()
  @ApiQueryWrite()
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async modify(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<QueryResponse> {
    const queryId = pathId(id);
    return response(await this.queries.modify(principal, queryId, parseQueryBody(queryBodySchema, body)));
  }

  @Delete(':name')
  @Authorize('query.write')
  @ApiOperation({ summary: 'Delete the saved query of the global scope or a team (team_id) by name (letter case ignored)' })
  @ApiParam({ name: 'name', type: 'string' })
  @ApiTeamQuery('the team of the query')
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  async deleteByName(@CurrentPrincipal() principal: Principal, @Param('name') name: string, @Query() raw: Record<string, unknown>): Promise<Record<string, never>> {
    const queryName = pathName(name);
    await this.queries.deleteByName(principal, teamOf(parseOrFail(teamQuerySchema, raw, QueriesError.invalidParameters)), queryName);
    return {};
  }
}
