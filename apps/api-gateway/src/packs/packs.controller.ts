import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import type { FleetPack, FleetScheduledQuery } from './pack-view.mapper';
import { ApiPackId, ApiPackListQueries, ApiPackWriteBody, PACK_BODY_SCHEMA, PACK_LIST_SCHEMA, PACK_RESPONSE_SCHEMA, SCHEDULED_LIST_SCHEMA } from './packs.openapi';
import { PACK_PATHS, packBodySchema, parsePackBody, pathId, pathName, toPackListOptions } from './packs.params';
import { PacksService } from './packs.service';
import { ScheduledQueriesService } from './scheduled-queries.service';

/** Fleet's legacy packs API (`/packs…` under both prefixes): packs are global; global roles only. */
@ApiTags('packs')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(PACK_PATHS)
export class PacksController {
  constructor(
    private readonly packs: PacksService,
    private readonly scheduled: ScheduledQueriesService,
  ) {}

  @Get()
  @Authorize('pack.read')
  @ApiOperation({ summary: 'List packs with their targets, scheduled query and host counts' })
  @ApiPackListQueries()
  @ApiResponse({ status: 200, schema: PACK_LIST_SCHEMA })
  @ApiResponse({ status: 400, description: 'a bad query parameter', schema: FLEET_ERROR_SCHEMA })
  async list(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<{ packs: FleetPack[] }> {
    return { packs: await this.packs.list(principal, toPackListOptions(raw)) };
  }

  @Post()
  @HttpCode(200)
  @Authorize('pack.write')
  @ApiOperation({ summary: 'Create a pack (name, description, platform, disabled, and its targets: host_ids, label_ids, team_ids)' })
  @ApiPackWriteBody(PACK_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: PACK_RESPONSE_SCHEMA })
  @ApiResponse({ status: 409, description: 'a pack with that name (letter case ignored) exists', schema: FLEET_ERROR_SCHEMA })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ pack: FleetPack }> {
    return { pack: await this.packs.create(principal, parsePackBody(packBodySchema, body)) };
  }

  @Delete('id/:id')
  @Authorize('pack.write')
  @ApiOperation({ summary: 'Delete a pack by id, with its targets and scheduled queries' })
  @ApiPackId()
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async deleteById(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Record<string, never>> {
    await this.packs.deleteById(principal, pathId(id));
    return {};
  }

  @Get(':id')
  @Authorize('pack.read')
  @ApiOperation({ summary: 'Get a pack' })
  @ApiPackId()
  @ApiResponse({ status: 200, schema: PACK_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<{ pack: FleetPack }> {
    return { pack: await this.packs.get(principal, pathId(id)) };
  }

  @Patch(':id')
  @Authorize('pack.write')
  @ApiOperation({ summary: 'Modify a pack (fields not sent are kept; a target list sent replaces that kind of target)' })
  @ApiPackId()
  @ApiPackWriteBody(PACK_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: PACK_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 409, description: 'another pack has that name', schema: FLEET_ERROR_SCHEMA })
  async modify(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ pack: FleetPack }> {
    const packId = pathId(id);
    return { pack: await this.packs.modify(principal, packId, parsePackBody(packBodySchema, body)) };
  }

  @Delete(':name')
  @Authorize('pack.write')
  @ApiOperation({ summary: 'Delete a pack by name (letter case ignored), with its targets and scheduled queries' })
  @ApiParam({ name: 'name', type: 'string' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async deleteByName(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<Record<string, never>> {
    await this.packs.deleteByName(principal, pathName(name));
    return {};
  }

  @Get(':id/scheduled')
  @Authorize('pack.read')
  @ApiOperation({ summary: 'The scheduled queries of a pack' })
  @ApiPackId()
  @ApiResponse({ status: 200, schema: SCHEDULED_LIST_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async scheduledIn(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<{ scheduled: FleetScheduledQuery[] }> {
    return { scheduled: await this.scheduled.inPack(principal, pathId(id)) };
  }
}
