import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { pathId } from '../queries/queries.params';
import { ApiHostReport } from './query-reports.openapi';
import { QueryReportsService } from './query-reports.service';
import type { FleetHostQueryReport } from './query-report.view';

/** One host's stored rows of a saved query (`/hosts/:id/queries/:query_id`, 4.86's `/hosts/:id/reports/:report_id`). */
@ApiTags('queries')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(['api/v1/fleet/hosts', 'api/latest/fleet/hosts'])
export class HostReportsController {
  constructor(private readonly reports: QueryReportsService) {}

  @Get(':id/queries/:query_id')
  @Authorize('host.read')
  @ApiOperation({ summary: 'A host’s latest stored rows of a saved query (needs the host, and reading the query)' })
  @ApiHostReport('query_id')
  byQuery(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('query_id') queryId: string): Promise<FleetHostQueryReport> {
    return this.reports.hostReport(principal, pathId(id), pathId(queryId, 'query_id'));
  }

  @Get(':id/reports/:report_id')
  @Authorize('host.read')
  @ApiOperation({ summary: 'The same, under Fleet 4.86’s name' })
  @ApiHostReport('report_id')
  byReport(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('report_id') reportId: string): Promise<FleetHostQueryReport> {
    return this.reports.hostReport(principal, pathId(id), pathId(reportId, 'report_id'));
  }
}
