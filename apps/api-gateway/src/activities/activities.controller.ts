import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize } from '../authz/authorize.decorator';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { ActivitiesError } from './activities.errors';
import { activityListQuerySchema, toActivityListOptions } from './activities.params';
import { ActivitiesService, type FleetActivity } from './activities.service';

const ACTIVITY_SCHEMA = {
  type: 'object',
  required: ['id', 'type', 'created_at', 'actor_email', 'fleet_initiated', 'details'],
  properties: {
    id: { type: 'integer' },
    type: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    actor_id: { type: 'integer', description: 'absent for activities Flotilla itself did' },
    actor_full_name: { type: 'string' },
    actor_email: { type: 'string' },
    actor_gravatar: { type: 'string' },
    actor_api_only: { type: 'boolean' },
    fleet_initiated: { type: 'boolean' },
    details: { type: 'object' },
  },
};

/** The audit log (`GET /api/latest/fleet/activities`), newest first. */
@ApiTags('activities')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(['api/v1/fleet/activities', 'api/latest/fleet/activities'])
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get()
  @Authorize('activity.read')
  @ApiOperation({ summary: 'List activities (newest first; 20 per page by default)' })
  @ApiQuery({ name: 'page', required: false, type: 'integer' })
  @ApiQuery({ name: 'per_page', required: false, type: 'integer' })
  @ApiQuery({ name: 'order_key', required: false, enum: ['id', 'created_at', 'activity_type', 'user_name'] })
  @ApiQuery({ name: 'order_direction', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'activity_type', required: false, type: 'string' })
  @ApiQuery({ name: 'query', required: false, type: 'string', description: 'actor name or email contains' })
  @ApiQuery({ name: 'start_created_at', required: false, type: 'string', format: 'date-time' })
  @ApiQuery({ name: 'end_created_at', required: false, type: 'string', format: 'date-time' })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      required: ['activities', 'meta'],
      properties: {
        activities: { type: 'array', items: ACTIVITY_SCHEMA },
        meta: { type: 'object', properties: { has_next_results: { type: 'boolean' }, has_previous_results: { type: 'boolean' } } },
      },
    },
  })
  @ApiResponse({ status: 400, schema: FLEET_ERROR_SCHEMA })
  async list(@Query() raw: Record<string, unknown>): Promise<{ activities: FleetActivity[]; meta: { has_next_results: boolean; has_previous_results: boolean } }> {
    return this.activities.list(toActivityListOptions(parseOrFail(activityListQuerySchema, raw, ActivitiesError.invalidParameters)));
  }
}
