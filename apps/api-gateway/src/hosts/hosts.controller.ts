import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { parseOrFail } from '../common/zod-details';
import type { FleetHost, FleetHostDetail } from './host-view.types';
import { HostsError } from './hosts.errors';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { ApiHostFilterQueries, ApiPaginationQueries, HOST_DETAIL_SCHEMA, HOST_SCHEMA } from './hosts.openapi';
import { bulkDeleteBodySchema, hostIdSchema, hostListQuerySchema, toBulkDeleteTarget, toHostFilters, toListOptions } from './hosts.params';
import { HostsService } from './hosts.service';

const badRequest = HostsError.invalidParameters;
const hostId = (raw: string): number => parseOrFail(hostIdSchema, raw, (d) => badRequest(d.map((e) => ({ ...e, name: 'id' }))));

/** Fleet's hosts API (`/api/v1/fleet/hosts…`, also under `/api/latest/`). */
@ApiTags('hosts')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(['api/v1/fleet/hosts', 'api/latest/fleet/hosts'])
export class HostsController {
  constructor(private readonly hosts: HostsService) {}

  @Get()
  @Authorize('host.read')
  @ApiOperation({ summary: 'List hosts' })
  @ApiHostFilterQueries()
  @ApiPaginationQueries()
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['hosts'], properties: { hosts: { type: 'array', items: HOST_SCHEMA } } } })
  @ApiResponse({ status: 400, description: 'a bad query parameter (named in errors[].name)', schema: FLEET_ERROR_SCHEMA })
  async list(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<{ hosts: FleetHost[] }> {
    const query = parseOrFail(hostListQuerySchema, raw, badRequest);
    return { hosts: await this.hosts.list(principal, toHostFilters(query), toListOptions(query)) };
  }

  @Get('count')
  @Authorize('host.read')
  @ApiOperation({ summary: 'Count hosts (same filters as the list)' })
  @ApiHostFilterQueries()
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['count'], properties: { count: { type: 'integer' } } } })
  async count(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<{ count: number }> {
    const query = parseOrFail(hostListQuerySchema, raw, badRequest);
    return { count: await this.hosts.count(principal, toHostFilters(query)) };
  }

  @Post('delete')
  @HttpCode(200)
  @Authorize('host.delete')
  @ApiOperation({ summary: 'Delete hosts by ids or by filters ({"ids":[…]} or {"filters":{query,status,label_id,team_id}})' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 400, description: 'both or neither of ids and filters', schema: FLEET_ERROR_SCHEMA })
  async deleteMany(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Record<string, never>> {
    await this.hosts.deleteMany(principal, toBulkDeleteTarget(parseOrFail(bulkDeleteBodySchema, body ?? {}, HostsError.invalidBody)));
    return {};
  }

  @Get('identifier/:identifier')
  @Authorize('host.read_by_identifier')
  @ApiOperation({ summary: 'Get a host by hostname, UUID, hardware serial, osquery host id or node key' })
  @ApiParam({ name: 'identifier', type: 'string' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['host'], properties: { host: HOST_DETAIL_SCHEMA } } })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async byIdentifier(@CurrentPrincipal() principal: Principal, @Param('identifier') identifier: string): Promise<{ host: FleetHostDetail }> {
    return { host: await this.hosts.getByIdentifier(principal, identifier) };
  }

  @Get(':id')
  @Authorize('host.read')
  @ApiOperation({ summary: 'Get a host' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['host'], properties: { host: HOST_DETAIL_SCHEMA } } })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<{ host: FleetHostDetail }> {
    return { host: await this.hosts.get(principal, hostId(id)) };
  }

  @Delete(':id')
  @Authorize('host.delete')
  @ApiOperation({ summary: 'Delete a host (its agent can enroll again)' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Record<string, never>> {
    await this.hosts.delete(principal, hostId(id));
    return {};
  }

  @Post(':id/refetch')
  @HttpCode(200)
  @Authorize('host.refetch')
  @ApiOperation({ summary: "Ask the host to re-run its detail queries at its next check-in" })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async refetch(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Record<string, never>> {
    await this.hosts.refetch(principal, hostId(id));
    return {};
  }
}
