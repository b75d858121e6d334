import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { PackSpecsService } from './pack-specs.service';
import type { FleetPackSpec } from './pack-view.mapper';
import { ApiPackWriteBody, PACK_SPEC_SCHEMA, PACK_SPECS_BODY_SCHEMA } from './packs.openapi';
import { PACK_SPEC_PATHS, packSpecsBodySchema, parsePackBody, pathName } from './packs.params';

/** Fleet's pack specs (`fleetctl get packs`, `fleetctl apply`). */
@ApiTags('packs')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(PACK_SPEC_PATHS)
export class PackSpecsController {
  constructor(private readonly specs: PackSpecsService) {}

  @Post()
  @HttpCode(200)
  @Authorize('pack.write')
  @ApiOperation({ summary: 'Apply pack specs: create or replace each pack by name, with its label and team targets and its scheduled queries (all or nothing)' })
  @ApiPackWriteBody(PACK_SPECS_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  async apply(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Record<string, never>> {
    await this.specs.apply(principal, parsePackBody(packSpecsBodySchema, body).specs);
    return {};
  }

  @Get()
  @Authorize('pack.read')
  @ApiOperation({ summary: 'Every pack as a spec' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['specs'], properties: { specs: { type: 'array', items: PACK_SPEC_SCHEMA } } } })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ specs: FleetPackSpec[] }> {
    return { specs: await this.specs.list(principal) };
  }

  @Get(':name')
  @Authorize('pack.read')
  @ApiOperation({ summary: 'One pack as a spec (Fleet answers it under "specs"; letter case ignored)' })
  @ApiParam({ name: 'name', type: 'string' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['specs'], properties: { specs: PACK_SPEC_SCHEMA } } })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<{ specs: FleetPackSpec }> {
    return { specs: await this.specs.get(principal, pathName(name)) };
  }
}
