import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { POLICY_PLATFORMS } from '../policies/policy-rules';
import { LIST_PLATFORMS, QUERY_ORDER_KEYS } from './queries.params';
import { LOGGING_TYPES, MAX_INTERVAL_SECONDS } from './query-rules';

/** OpenAPI shapes of the saved queries (reports) API (docs/openapi.json); the JSON itself is query-view.mapper.ts. */
const time = { type: 'string', format: 'date-time' };
const nullableInt = { type: ['integer', 'null'] };
const platform = { type: 'string', description: `comma-separated subset of ${POLICY_PLATFORMS.join(', ')}; '' = every platform` };
const interval = { type: 'integer', minimum: 0, maximum: MAX_INTERVAL_SECONDS, description: 'seconds between scheduled runs; 0 = not scheduled' };
const logging = { type: 'string', enum: [...LOGGING_TYPES] };
const minVersion = { type: 'string', description: "osquery version such as 5.10.0; '' = any" };
const stats = {
  type: 'object',
  properties: { system_time_p50: { type: ['number', 'null'] }, system_time_p95: { type: ['number', 'null'] }, user_time_p50: { type: ['number', 'null'] }, user_time_p95: { type: ['number', 'null'] }, total_executions: { type: 'integer' } },
};

export const QUERY_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'description', 'query', 'team_id', 'interval', 'platform', 'min_osquery_version', 'automations_enabled', 'logging', 'saved', 'observer_can_run', 'discard_data', 'author_id', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    description: { type: 'string' },
    query: { type: 'string' },
    team_id: { ...nullableInt, description: 'null: a global query (alias fleet_id)' },
    fleet_id: nullableInt,
    interval,
    platform,
    min_osquery_version: minVersion,
    automations_enabled: { type: 'boolean' },
    logging,
    saved: { type: 'boolean' },
    observer_can_run: { type: 'boolean' },
    discard_data: { type: 'boolean' },
    author_id: nullableInt,
    author_name: { type: 'string' },
    author_email: { type: 'string' },
    labels_include_any: { type: 'null' },
    labels_include_all: { type: 'null' },
    packs: { type: 'array', items: { type: 'object' } },
    stats,
    created_at: time,
    updated_at: time,
  },
};

export const QUERY_RESPONSE_SCHEMA = { type: 'object', required: ['query', 'report'], properties: { query: QUERY_SCHEMA, report: QUERY_SCHEMA } };
export const QUERY_LIST_SCHEMA = {
  type: 'object',
  required: ['queries', 'reports', 'count', 'inherited_query_count', 'inherited_report_count', 'meta'],
  properties: {
    queries: { type: 'array', items: QUERY_SCHEMA },
    reports: { type: 'array', items: QUERY_SCHEMA, description: 'the same page (Fleet 4.86 name)' },
    count: { type: 'integer', description: 'queries matching, over every page' },
    inherited_query_count: { type: 'integer', description: 'global queries merged into a team list' },
    inherited_report_count: { type: 'integer' },
    meta: { type: 'object', properties: { has_next_results: { type: 'boolean' }, has_previous_results: { type: 'boolean' } } },
  },
};
export const DELETED_COUNT_SCHEMA = { type: 'object', required: ['deleted'], properties: { deleted: { type: 'integer' } } };
export const DELETE_BODY_SCHEMA = { type: 'object', required: ['ids'], properties: { ids: { type: 'array', items: { type: 'integer' } } } };

const fields = {
  name: { type: 'string', maxLength: 255 },
  description: { type: 'string' },
  query: { type: 'string', description: 'osquery SQL: SELECT … or WITH … (≤ 65,535 bytes)' },
  interval,
  platform,
  min_osquery_version: minVersion,
  automations_enabled: { type: 'boolean' },
  logging,
  observer_can_run: { type: 'boolean' },
  discard_data: { type: 'boolean' },
  labels_include_any: { type: ['array', 'null'], maxItems: 0, description: 'not supported yet: null or []' },
};
export const QUERY_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { ...fields, team_id: { ...nullableInt, description: 'create: the team (null/0 = global); modify: only the current team' }, fleet_id: { ...nullableInt, description: 'alias of team_id' } },
};
export const QUERY_SPEC_SCHEMA = { type: 'object', required: ['name', 'query', 'team'], properties: { ...fields, team: { type: 'string', description: "team name; '' = global" } } };
export const SPECS_BODY_SCHEMA = { type: 'object', required: ['specs'], properties: { specs: { type: 'array', items: { ...QUERY_SPEC_SCHEMA, required: ['name', 'query'], additionalProperties: false } } } };

export const ApiQueryId = (): MethodDecorator => ApiParam({ name: 'id', type: 'integer' });

/** `team_id` (and 4.86's `fleet_id`) of routes that address the global queries or a team's. */
export function ApiTeamQuery(what: string): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'team_id', required: false, type: 'integer', description: `${what}; absent or 0: the global queries` }),
    ApiQuery({ name: 'fleet_id', required: false, type: 'integer', description: 'alias of team_id' }),
    ApiResponse({ status: 404, description: 'no such team', schema: FLEET_ERROR_SCHEMA }),
  );
}

export function ApiQueryListQueries(): MethodDecorator {
  return applyDecorators(
    ApiTeamQuery('the team whose queries to list'),
    ApiQuery({ name: 'merge_inherited', required: false, type: 'boolean', description: 'with team_id: list the global queries with the team’s' }),
    ApiQuery({ name: 'query', required: false, description: 'substring of the name' }),
    ApiQuery({ name: 'platform', required: false, enum: [...LIST_PLATFORMS], description: 'only queries scheduled on that platform' }),
    ApiQuery({ name: 'page', required: false, type: 'integer', description: '0-based; with per_page. Neither: every query' }),
    ApiQuery({ name: 'per_page', required: false, type: 'integer', description: 'default 20 when page is given' }),
    ApiQuery({ name: 'order_key', required: false, enum: [...QUERY_ORDER_KEYS] }),
    ApiQuery({ name: 'order_direction', required: false, enum: ['asc', 'desc'] }),
  );
}

/** A body other than a query's, and its 400. */
export function ApiQueryWriteBody(body: object): MethodDecorator {
  return applyDecorators(ApiBody({ schema: body }), ApiResponse({ status: 400, description: 'not an object, wrong types, unknown fields', schema: FLEET_ERROR_SCHEMA }));
}

/** The create and modify routes' shared responses. */
export function ApiQueryWrite(): MethodDecorator {
  return applyDecorators(
    ApiQueryWriteBody(QUERY_BODY_SCHEMA),
    ApiResponse({ status: 200, schema: QUERY_RESPONSE_SCHEMA }),
    ApiResponse({ status: 409, description: 'the team already has a query with that name (letter case ignored)', schema: FLEET_ERROR_SCHEMA }),
    ApiResponse({ status: 422, description: 'missing name or query, a query that is not a SELECT, an interval over a week, an unknown logging type or platform, a bad osquery version', schema: FLEET_ERROR_SCHEMA }),
  );
}
