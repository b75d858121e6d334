import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import type { FleetHost } from '../hosts/host-view.types';
import { ApiHostFilterQueries, ApiPaginationQueries, HOST_SCHEMA } from '../hosts/hosts.openapi';
import { toHostFilters, toListOptions } from '../hosts/hosts.params';
import type { FleetLabel, FleetLabelSummary } from './label-view.mapper';
import { LabelsError } from './labels.errors';
import { ApiLabelId, ApiLabelListQueries, LABEL_BODY_SCHEMA, LABEL_LIST_SCHEMA, LABEL_RESPONSE_SCHEMA, LABEL_SUMMARY_SCHEMA } from './labels.openapi';
import {
  createLabelBodySchema,
  LABEL_PATHS,
  labelHostsQuerySchema,
  labelId,
  labelListQuerySchema,
  labelName,
  labelSummaryQuerySchema,
  modifyLabelBodySchema,
  parseBody,
  toLabelListOptions,
} from './labels.params';
import { LabelsService } from './labels.service';

const badRequest = LabelsError.invalidParameters;

/** Fleet's labels API (`/api/v1/fleet/labels…`, also under `/api/latest/`). */
@ApiTags('labels')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(LABEL_PATHS)
export class LabelsController {
  constructor(private readonly labels: LabelsService) {}

  @Get()
  @Authorize('label.read')
  @ApiOperation({ summary: 'List labels (builtin ones too) with their host counts (team users: hosts of their teams)' })
  @ApiLabelListQueries()
  @ApiResponse({ status: 200, schema: LABEL_LIST_SCHEMA })
  @ApiResponse({ status: 400, description: 'a bad query parameter', schema: FLEET_ERROR_SCHEMA })
  async list(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<{ labels: FleetLabel[] }> {
    const q = parseOrFail(labelListQuerySchema, raw, badRequest);
    return { labels: await this.labels.list(principal, toLabelListOptions(q), q.include_host_counts ?? true) };
  }

  @Post()
  @HttpCode(200)
  @Authorize('label.write')
  @ApiOperation({ summary: 'Create a label: dynamic (name, query, platform) or manual (name, host_ids and/or hosts)' })
  @ApiBody({ schema: LABEL_BODY_SCHEMA })
  @ApiResponse({ status: 200, schema: LABEL_RESPONSE_SCHEMA })
  @ApiResponse({ status: 400, description: 'wrong types or unknown fields', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 409, description: 'a label with that name (in any letter case) exists', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'invalid name, query or platform; unknown hosts (named)', schema: FLEET_ERROR_SCHEMA })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ label: FleetLabel }> {
    return { label: await this.labels.create(principal, parseBody(createLabelBodySchema, body)) };
  }

  @Get('summary')
  @Authorize('label.read')
  @ApiOperation({ summary: 'Every label’s id, name, description and type (for pickers)' })
  @ApiResponse({ status: 200, schema: LABEL_SUMMARY_SCHEMA })
  async summary(@Query() raw: Record<string, unknown>): Promise<{ labels: FleetLabelSummary[] }> {
    parseOrFail(labelSummaryQuerySchema, raw, badRequest);
    return { labels: await this.labels.summary() };
  }

  @Get(':id')
  @Authorize('label.read')
  @ApiOperation({ summary: 'Get a label' })
  @ApiLabelId()
  @ApiResponse({ status: 200, schema: LABEL_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<{ label: FleetLabel }> {
    return { label: await this.labels.get(principal, labelId(id)) };
  }

  @Patch(':id')
  @Authorize('label.write')
  @ApiOperation({ summary: 'Modify a label: name, description; a manual label’s hosts (replaced). A dynamic label’s query and platform cannot change' })
  @ApiLabelId()
  @ApiBody({ schema: LABEL_BODY_SCHEMA })
  @ApiResponse({ status: 200, schema: LABEL_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 409, description: 'another label has that name', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'builtin label, changed query/platform, unknown hosts', schema: FLEET_ERROR_SCHEMA })
  async modify(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ label: FleetLabel }> {
    const target = labelId(id);
    return { label: await this.labels.modify(principal, target, parseBody(modifyLabelBodySchema, body)) };
  }

  @Delete('id/:id')
  @Authorize('label.write')
  @ApiOperation({ summary: 'Delete a label by id (builtin labels cannot be deleted)' })
  @ApiLabelId()
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'a builtin label', schema: FLEET_ERROR_SCHEMA })
  async deleteById(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Record<string, never>> {
    await this.labels.deleteById(principal, labelId(id));
    return {};
  }

  @Delete(':name')
  @Authorize('label.write')
  @ApiOperation({ summary: 'Delete a label by name (builtin labels cannot be deleted)' })
  @ApiParam({ name: 'name', type: 'string' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'a builtin label', schema: FLEET_ERROR_SCHEMA })
  async deleteByName(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<Record<string, never>> {
    await this.labels.deleteByName(principal, labelName(name));
    return {};
  }

  @Get(':id/hosts')
  @Authorize('label.read')
  @ApiOperation({ summary: 'Hosts in a label, with the /hosts filters and pagination (team users: hosts of their teams)' })
  @ApiLabelId()
  @ApiHostFilterQueries()
  @ApiPaginationQueries()
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['hosts'], properties: { hosts: { type: 'array', items: HOST_SCHEMA } } } })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async hosts(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() raw: Record<string, unknown>): Promise<{ hosts: FleetHost[] }> {
    const target = labelId(id);
    const q = parseOrFail(labelHostsQuerySchema, raw, badRequest);
    return { hosts: await this.labels.hostsOf(principal, target, toHostFilters(q), toListOptions(q)) };
  }
}
