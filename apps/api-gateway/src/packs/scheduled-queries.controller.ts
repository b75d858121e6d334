import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import type { FleetScheduledQuery } from './pack-view.mapper';
import { ApiPackId, ApiPackWriteBody, MODIFY_SCHEDULE_BODY_SCHEMA, SCHEDULE_BODY_SCHEMA, SCHEDULED_RESPONSE_SCHEMA } from './packs.openapi';
import { modifyScheduleBodySchema, parsePackBody, pathId, SCHEDULED_GET_PATHS, scheduleBodySchema, schedulePaths } from './packs.params';
import { ScheduledQueriesService } from './scheduled-queries.service';

const SCHEDULED_ID = 'the scheduled query’s id';

/** A pack's scheduled queries: `/packs/schedule…` under both prefixes, v1's `/schedule…`, and `GET /schedule/:id`. */
@ApiTags('packs')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller()
export class ScheduledQueriesController {
  constructor(private readonly scheduled: ScheduledQueriesService) {}

  @Post(schedulePaths('', true))
  @HttpCode(200)
  @Authorize('pack.write')
  @ApiOperation({ summary: 'Schedule a global saved query in a pack (name: the saved query’s unless given)' })
  @ApiPackWriteBody(SCHEDULE_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: SCHEDULED_RESPONSE_SCHEMA })
  @ApiResponse({ status: 409, description: 'the pack already schedules a query with that name', schema: FLEET_ERROR_SCHEMA })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ scheduled: FleetScheduledQuery }> {
    return { scheduled: await this.scheduled.create(principal, parsePackBody(scheduleBodySchema, body)) };
  }

  @Get(SCHEDULED_GET_PATHS)
  @Authorize('pack.read')
  @ApiOperation({ summary: 'Get a pack’s scheduled query' })
  @ApiPackId(SCHEDULED_ID)
  @ApiResponse({ status: 200, schema: SCHEDULED_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<{ scheduled: FleetScheduledQuery }> {
    return { scheduled: await this.scheduled.get(principal, pathId(id)) };
  }

  @Patch(schedulePaths('/:id', true))
  @Authorize('pack.write')
  @ApiOperation({ summary: 'Modify a pack’s scheduled query (options not sent are kept; null unsets one)' })
  @ApiPackId(SCHEDULED_ID)
  @ApiPackWriteBody(MODIFY_SCHEDULE_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: SCHEDULED_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 409, description: 'the pack already schedules a query with that name', schema: FLEET_ERROR_SCHEMA })
  async modify(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ scheduled: FleetScheduledQuery }> {
    const scheduledId = pathId(id);
    return { scheduled: await this.scheduled.modify(principal, scheduledId, parsePackBody(modifyScheduleBodySchema, body)) };
  }

  @Delete(schedulePaths('/:id', true))
  @Authorize('pack.write')
  @ApiOperation({ summary: 'Remove a scheduled query from its pack' })
  @ApiPackId(SCHEDULED_ID)
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Record<string, never>> {
    await this.scheduled.delete(principal, pathId(id));
    return {};
  }
}
