import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({ summary: 'List hosts' })
  @ApiHostFilterQueries()
  @ApiPaginationQueries()
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['hosts'], properties: { hosts: { type: 'array', items: HOST_SCHEMA } } } })
  @ApiResponse({ status: 400, description: 'a bad query parameter (named in errors[].name)', schema: FLEET_ERROR_SCHEMA })
  async list(@Query() raw: Record<string, unknown>): Promise<{ hosts: FleetHost[] }> {
    const query = parseOrFail(hostListQuerySchema, raw, badRequest);
    return { hosts: await this.hosts.list(toHostFilters(query), toListOptions(query)) };
  }

  @Get('count')
  @ApiOperation({ summary: 'Count hosts (same filters as the list)' })
  @ApiHostFilterQueries()
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['count'], properties: { count: { type: 'integer' } } } })
  async count(@Query() raw: Record<string, unknown>): Promise<{ count: number }> {
    const query = parseOrFail(hostListQuerySchema, raw, badRequest);
    return { count: await this.hosts.count(toHostFilters(query)) };
  }

  @Post('delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete hosts by ids or by filters ({"ids":[…]} or {"filters":{query,status,label_id,team_id}})' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 400, description: 'both or neither of ids and filters', schema: FLEET_ERROR_SCHEMA })
  async deleteMany(@Body() body: unknown): Promise<Record<string, never>> {
    await this.hosts.deleteMany(toBulkDeleteTarget(parseOrFail(bulkDeleteBodySchema, body ?? {}, HostsError.invalidBody)));
    return {};
  }

  @Get('identifier/:identifier')
  @ApiOperation({ summary: 'Get a host by hostname, UUID, hardware serial, osquery host id or node key' })
  @ApiParam({ name: 'identifier', type: 'string' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['host'], properties: { host: HOST_DETAIL_SCHEMA } } })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async byIdentifier(@Param('identifier') identifier: string): Promise<{ host: FleetHostDetail }> {
    return { host: await this.hosts.getByIdentifier(identifier) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a host' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['host'], properties: { host: HOST_DETAIL_SCHEMA } } })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async get(@Param('id') id: string): Promise<{ host: FleetHostDetail }> {
    return { host: await this.hosts.get(hostId(id)) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a host (its agent can enroll again)' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async delete(@Param('id') id: string): Promise<Record<string, never>> {
    await this.hosts.delete(hostId(id));
    return {};
  }

  @Post(':id/refetch')
  @HttpCode(200)
  @ApiOperation({ summary: "Ask the host to re-run its detail queries at its next check-in" })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async refetch(@Param('id') id: string): Promise<Record<string, never>> {
    await this.hosts.refetch(hostId(id));
    return {};
  }
}
