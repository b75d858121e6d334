import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { parseOrFail } from '../common/zod-details';
import { HostsError } from './hosts.errors';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { HOST_SUMMARY_SCHEMA } from './hosts.openapi';
import { hostSummaryQuerySchema, toSummaryFilters } from './hosts.params';
import { HostsService, type FleetHostSummary } from './hosts.service';

/** Fleet's `GET /host_summary`: totals, status and platform counts. */
@ApiTags('hosts')
@ApiBearerAuth()
@Controller(['api/v1/fleet/host_summary', 'api/latest/fleet/host_summary'])
export class HostSummaryController {
  constructor(private readonly hosts: HostsService) {}

  @Get()
  @Authorize('host.read')
  @ApiOperation({ summary: 'Host counts: totals, online/offline/missing/new, per platform' })
  @ApiQuery({ name: 'team_id', required: false, type: 'integer', description: '0 = hosts in no team (alias: fleet_id)' })
  @ApiQuery({ name: 'platform', required: false, description: 'darwin, windows, linux (the Linux family) or an exact platform' })
  @ApiResponse({ status: 200, schema: HOST_SUMMARY_SCHEMA })
  @ApiResponse({ status: 400, schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 401, schema: FLEET_ERROR_SCHEMA })
  async summary(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<FleetHostSummary> {
    return this.hosts.summary(principal, toSummaryFilters(parseOrFail(hostSummaryQuerySchema, raw, HostsError.invalidParameters)));
  }
}
