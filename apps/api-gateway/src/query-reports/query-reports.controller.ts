import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { pathId, QUERY_PATHS } from '../queries/queries.params';
import { ApiReportQueries } from './query-reports.openapi';
import { toReportOptions } from './query-reports.params';
import { QueryReportsService } from './query-reports.service';
import type { FleetQueryReport } from './query-report.view';

/** Fleet's query report (`/queries/:id/report`, 4.86's `/reports/:id/report`). */
@ApiTags('queries')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(QUERY_PATHS)
export class QueryReportsController {
  constructor(private readonly reports: QueryReportsService) {}

  @Get(':id/report')
  @Authorize('query.read')
  @ApiOperation({ summary: 'A saved query’s report: every row of each host’s latest scheduled result (snapshot queries that keep their data), hosts the reader may see only' })
  @ApiReportQueries()
  report(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() raw: Record<string, unknown>): Promise<FleetQueryReport> {
    return this.reports.report(principal, pathId(id), toReportOptions(raw));
  }
}
