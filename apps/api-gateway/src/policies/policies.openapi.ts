import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { POLICY_ORDER_KEYS } from './policies.params';
import { POLICY_PLATFORMS } from './policy-rules';

/** OpenAPI shapes of the policies API (docs/openapi.json); the JSON itself is policy-view.mapper.ts. */
const time = { type: 'string', format: 'date-time' };
const labelIdents = { type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } } };

export const POLICY_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'query', 'critical', 'description', 'author_id', 'team_id', 'resolution', 'platform', 'created_at', 'updated_at', 'passing_host_count', 'failing_host_count'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    query: { type: 'string' },
    critical: { type: 'boolean' },
    description: { type: 'string' },
    author_id: { type: ['integer', 'null'] },
    author_name: { type: 'string' },
    author_email: { type: 'string' },
    team_id: { type: ['integer', 'null'], description: 'null: a global policy (alias fleet_id)' },
    resolution: { type: 'string' },
    platform: { type: 'string', description: `comma-separated subset of ${POLICY_PLATFORMS.join(', ')}; '' = every platform` },
    calendar_events_enabled: { type: 'boolean' },
    created_at: time,
    updated_at: time,
    passing_host_count: { type: 'integer' },
    failing_host_count: { type: 'integer' },
    host_count_updated_at: { type: ['string', 'null'], format: 'date-time' },
    labels_include_any: labelIdents,
    labels_exclude_any: labelIdents,
  },
};

export const POLICY_RESPONSE_SCHEMA = { type: 'object', required: ['policy'], properties: { policy: POLICY_SCHEMA } };
export const POLICY_LIST_SCHEMA = { type: 'object', required: ['policies'], properties: { policies: { type: 'array', items: POLICY_SCHEMA } } };
export const TEAM_POLICY_LIST_SCHEMA = {
  type: 'object',
  required: ['policies'],
  properties: { policies: { type: 'array', items: POLICY_SCHEMA }, inherited_policies: { type: 'array', items: POLICY_SCHEMA, description: 'the global policies (absent with merge_inherited=true)' } },
};
export const COUNT_SCHEMA = { type: 'object', required: ['count'], properties: { count: { type: 'integer' } } };
export const DELETED_SCHEMA = { type: 'object', required: ['deleted'], properties: { deleted: { type: 'array', items: { type: 'integer' } } } };

const labelNames = { type: 'array', items: { type: 'string' }, description: 'label names' };
export const POLICY_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 255 },
    query: { type: 'string', description: 'osquery SQL: SELECT … or WITH … (≤ 64 KiB); ≥ 1 row = pass' },
    description: { type: 'string' },
    resolution: { type: 'string' },
    platform: { type: 'string', description: `comma-separated subset of ${POLICY_PLATFORMS.join(', ')}` },
    critical: { type: 'boolean' },
    labels_include_any: labelNames,
    labels_exclude_any: labelNames,
  },
};
export const DELETE_BODY_SCHEMA = { type: 'object', required: ['ids'], properties: { ids: { type: 'array', items: { type: 'integer' } } } };
export const SPECS_BODY_SCHEMA = {
  type: 'object',
  required: ['specs'],
  properties: { specs: { type: 'array', items: { ...POLICY_BODY_SCHEMA, required: ['name', 'query'], properties: { ...POLICY_BODY_SCHEMA.properties, team: { type: 'string', description: "team name; '' = global" } } } } },
};

export const ApiPolicyId = (): MethodDecorator => ApiParam({ name: 'policy_id', type: 'integer' });
export const ApiTeamPathId = (): MethodDecorator => ApiParam({ name: 'id', type: 'integer', description: 'team (fleet) id' });

export function ApiPolicyListQueries(team: boolean): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'page', required: false, type: 'integer', description: '0-based; with per_page. Neither: every policy' }),
    ApiQuery({ name: 'per_page', required: false, type: 'integer', description: 'default 20 when page is given' }),
    ApiQuery({ name: 'order_key', required: false, enum: [...POLICY_ORDER_KEYS] }),
    ApiQuery({ name: 'order_direction', required: false, enum: ['asc', 'desc'] }),
    ApiQuery({ name: 'query', required: false, description: 'substring of the name' }),
    ...(team ? [ApiQuery({ name: 'merge_inherited', required: false, type: 'boolean', description: 'list the global policies with the team’s' })] : []),
  );
}

/** A body other than a policy's, and its 400. */
export function ApiPolicyWriteBody(body: object): MethodDecorator {
  return applyDecorators(ApiBody({ schema: body }), ApiResponse({ status: 400, description: 'not an object, wrong types, unknown fields', schema: FLEET_ERROR_SCHEMA }));
}

/** The write routes' shared responses. */
export function ApiPolicyWrite(body: object = POLICY_BODY_SCHEMA): MethodDecorator {
  return applyDecorators(
    ApiBody({ schema: body }),
    ApiResponse({ status: 200, schema: POLICY_RESPONSE_SCHEMA }),
    ApiResponse({ status: 400, description: 'not an object, wrong types, unknown fields', schema: FLEET_ERROR_SCHEMA }),
    ApiResponse({ status: 409, description: 'the team already has a policy with that name', schema: FLEET_ERROR_SCHEMA }),
    ApiResponse({ status: 422, description: 'missing name or query, a query that is not a SELECT, an unknown platform or label, both label lists', schema: FLEET_ERROR_SCHEMA }),
  );
}
