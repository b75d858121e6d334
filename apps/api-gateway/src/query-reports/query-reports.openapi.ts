import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';

/** OpenAPI shapes of the query report routes (docs/openapi.json); the JSON itself is query-report.view.ts. */
const time = { type: 'string', format: 'date-time' };
const columns = { type: 'object', additionalProperties: { type: 'string' }, description: 'the row: column name → value, as osquery sent it' };
const clipped = { type: 'boolean', description: 'a host sent more rows than are kept (OSQUERY_QUERY_REPORT_MAX_ROWS per host)' };

export const QUERY_REPORT_SCHEMA = {
  type: 'object',
  required: ['query_id', 'report_id', 'report_clipped', 'results'],
  properties: {
    query_id: { type: 'integer' },
    report_id: { type: 'integer', description: 'the same (Fleet 4.86 name)' },
    report_clipped: clipped,
    results: {
      type: 'array',
      description: 'one entry per row per host, hosts the reader may see only',
      items: { type: 'object', required: ['host_id', 'host_name', 'last_fetched', 'columns'], properties: { host_id: { type: 'integer' }, host_name: { type: 'string' }, last_fetched: time, columns } },
    },
  },
};

export const HOST_QUERY_REPORT_SCHEMA = {
  type: 'object',
  required: ['query_id', 'report_id', 'host_id', 'host_name', 'host_team_id', 'last_fetched', 'report_clipped', 'results'],
  properties: {
    query_id: { type: 'integer' },
    report_id: { type: 'integer' },
    host_id: { type: 'integer' },
    host_name: { type: 'string' },
    host_team_id: { type: ['integer', 'null'] },
    last_fetched: { type: ['string', 'null'], format: 'date-time', description: 'null: the host has not reported the query' },
    report_clipped: clipped,
    results: { type: 'array', items: { type: 'object', required: ['columns'], properties: { columns } } },
  },
};

/** The report route's query string. */
export function ApiReportQueries(): MethodDecorator {
  return applyDecorators(
    ApiParam({ name: 'id', type: 'integer' }),
    ApiQuery({ name: 'order_key', required: false, description: 'host_id, host_name, last_fetched, or a result column (rows keep their stored order on ties)' }),
    ApiQuery({ name: 'order_direction', required: false, enum: ['asc', 'desc'] }),
    ApiQuery({ name: 'team_id', required: false, type: 'integer', description: 'only hosts of this team; 0: hosts of no team' }),
    ApiQuery({ name: 'fleet_id', required: false, type: 'integer', description: 'alias of team_id' }),
    ApiResponse({ status: 200, schema: QUERY_REPORT_SCHEMA }),
    ApiResponse({ status: 400, description: 'a bad query parameter', schema: FLEET_ERROR_SCHEMA }),
    ApiResponse({ status: 404, description: 'no such query', schema: FLEET_ERROR_SCHEMA }),
  );
}

/** The host report routes' path and answers. */
export function ApiHostReport(queryParam: 'query_id' | 'report_id'): MethodDecorator {
  return applyDecorators(
    ApiParam({ name: 'id', type: 'integer', description: 'the host' }),
    ApiParam({ name: queryParam, type: 'integer', description: 'the saved query (report)' }),
    ApiResponse({ status: 200, schema: HOST_QUERY_REPORT_SCHEMA }),
    ApiResponse({ status: 404, description: 'no such host or query', schema: FLEET_ERROR_SCHEMA }),
  );
}

const statsFields = {
  description: { type: 'string' },
  pack_name: { type: 'string' },
  average_memory: { type: 'integer', description: 'bytes' },
  denylisted: { type: 'boolean', description: 'osquery’s watchdog stopped running it on this host' },
  executions: { type: 'integer' },
  interval: { type: 'integer', description: 'seconds' },
  discard_data: { type: 'boolean' },
  automations_enabled: { type: 'boolean' },
  last_fetched: { type: ['string', 'null'], description: 'when the host’s report rows were last stored' },
  last_executed: { ...time, description: '2000-01-01T00:00:00Z: not run yet' },
  output_size: { type: 'integer', description: 'bytes logged' },
  system_time: { type: 'integer', description: 'ms, over all executions' },
  user_time: { type: 'integer', description: 'ms, over all executions' },
  wall_time: { type: 'integer', description: 'ms, over all executions' },
};

/** The host detail's `pack_stats` (Fleet: "Global" and "Team: <name>", pack_id 0). */
export const PACK_STATS_SCHEMA = {
  type: ['array', 'null'],
  items: {
    type: 'object',
    required: ['pack_id', 'pack_name', 'type', 'query_stats', 'report_stats'],
    properties: {
      pack_id: { type: 'integer' },
      pack_name: { type: 'string' },
      type: { type: 'string', description: 'global, or team-<id>' },
      query_stats: {
        type: 'array',
        items: { type: 'object', properties: { scheduled_query_name: { type: 'string' }, scheduled_query_id: { type: 'integer' }, query_name: { type: 'string' }, ...statsFields } },
      },
      report_stats: {
        type: 'array',
        description: 'the same under Fleet 4.86 names',
        items: { type: 'object', properties: { scheduled_report_name: { type: 'string' }, scheduled_report_id: { type: 'integer' }, report_name: { type: 'string' }, ...statsFields } },
      },
    },
  },
};
