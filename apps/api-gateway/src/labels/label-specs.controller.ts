import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import type { FleetLabelSpec } from './label-view.mapper';
import { LabelSpecsService } from './label-specs.service';
import { LABEL_SPEC_SCHEMA, LABEL_SPECS_BODY_SCHEMA } from './labels.openapi';
import { applyLabelSpecsBodySchema, LABEL_SPEC_PATHS, labelName, parseBody } from './labels.params';

/** Fleet's label specs (`fleetctl get labels`, `fleetctl apply -f labels.yml`). */
@ApiTags('labels')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(LABEL_SPEC_PATHS)
export class LabelSpecsController {
  constructor(private readonly specs: LabelSpecsService) {}

  @Post()
  @HttpCode(200)
  @Authorize('label.write')
  @ApiOperation({ summary: 'Apply label specs: create each label by name or update it (all or nothing)' })
  @ApiBody({ schema: LABEL_SPECS_BODY_SCHEMA })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 400, description: 'wrong types or unknown fields', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'an invalid spec (named specs.<index>.<field>), a changed builtin label, unknown hosts', schema: FLEET_ERROR_SCHEMA })
  async apply(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Record<string, never>> {
    await this.specs.apply(principal, parseBody(applyLabelSpecsBodySchema, body).specs);
    return {};
  }

  @Get()
  @Authorize('label.read')
  @ApiOperation({ summary: 'Every label as a spec' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['specs'], properties: { specs: { type: 'array', items: LABEL_SPEC_SCHEMA } } } })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ specs: FleetLabelSpec[] }> {
    return { specs: await this.specs.list(principal) };
  }

  @Get(':name')
  @Authorize('label.read')
  @ApiOperation({ summary: 'One label as a spec (Fleet answers it under "specs")' })
  @ApiParam({ name: 'name', type: 'string' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['specs'], properties: { specs: LABEL_SPEC_SCHEMA } } })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<{ specs: FleetLabelSpec }> {
    return { specs: await this.specs.get(principal, labelName(name)) };
  }
}
