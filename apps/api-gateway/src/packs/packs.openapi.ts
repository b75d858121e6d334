import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { MAX_INTERVAL_SECONDS, MAX_SHARD, PACK_PLATFORMS } from './pack-rules';
import { PACK_ORDER_KEYS } from './packs.params';

/** OpenAPI shapes of the packs API (docs/openapi.json); the JSON itself is pack-view.mapper.ts. */
const time = { type: 'string', format: 'date-time' };
const ids = (what: string) => ({ type: 'array', items: { type: 'integer' }, description: what });
const platform = { type: 'string', description: `'' (every platform) or a comma-separated subset of ${PACK_PLATFORMS.join(', ')}` };
const nullable = <S extends { type: string }>(schema: S) => ({ ...schema, type: [schema.type, 'null'] });
const interval = { type: 'integer', minimum: 1, maximum: MAX_INTERVAL_SECONDS, description: 'seconds between runs' };
const shard = { type: 'integer', minimum: 0, maximum: MAX_SHARD, description: 'percentage of the targeted hosts that run it' };
const version = { type: 'string', description: "minimum osquery version such as 5.10.0; '' = any" };

export const PACK_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'description', 'platform', 'disabled', 'type', 'query_count', 'total_hosts_count', 'host_ids', 'label_ids', 'team_ids', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    description: { type: 'string' },
    platform,
    disabled: { type: 'boolean' },
    type: { type: 'null', description: 'always null: user packs' },
    query_count: { type: 'integer', description: 'scheduled queries in the pack' },
    total_scheduled_queries_count: { type: 'integer', description: 'same as query_count' },
    total_hosts_count: { type: 'integer', description: 'hosts the targets reach' },
    host_ids: ids('hosts targeted by id'),
    label_ids: ids('labels targeted (their hosts)'),
    team_ids: ids('teams targeted (their hosts)'),
    created_at: time,
    updated_at: time,
  },
};
export const PACK_RESPONSE_SCHEMA = { type: 'object', required: ['pack'], properties: { pack: PACK_SCHEMA } };
export const PACK_LIST_SCHEMA = { type: 'object', required: ['packs'], properties: { packs: { type: 'array', items: PACK_SCHEMA } } };
export const PACK_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 255, description: 'required on create; unique (letter case ignored)' },
    description: { type: 'string' },
    platform,
    disabled: { type: 'boolean' },
    host_ids: nullable(ids('replaces the host targets (null: kept)')),
    label_ids: nullable(ids('replaces the label targets (null: kept)')),
    team_ids: nullable(ids('replaces the team targets (null: kept)')),
  },
};

export const SCHEDULED_SCHEMA = {
  type: 'object',
  required: ['id', 'pack_id', 'name', 'query_id', 'query_name', 'query', 'description', 'interval', 'snapshot', 'removed', 'platform', 'version', 'shard', 'denylist', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'integer' },
    pack_id: { type: 'integer' },
    name: { type: 'string' },
    query_id: { type: 'integer' },
    query_name: { type: 'string' },
    query: { type: 'string', description: 'the saved query’s SQL' },
    description: { type: 'string' },
    interval,
    snapshot: { type: ['boolean', 'null'] },
    removed: { type: ['boolean', 'null'] },
    platform: nullable(platform),
    version: nullable(version),
    shard: nullable(shard),
    denylist: { type: ['boolean', 'null'] },
    created_at: time,
    updated_at: time,
  },
};
export const SCHEDULED_RESPONSE_SCHEMA = { type: 'object', required: ['scheduled'], properties: { scheduled: SCHEDULED_SCHEMA } };
export const SCHEDULED_LIST_SCHEMA = { type: 'object', required: ['scheduled'], properties: { scheduled: { type: 'array', items: SCHEDULED_SCHEMA } } };

const scheduleFields = {
  name: { type: 'string', description: 'unique in the pack; default: the saved query’s name' },
  description: { type: 'string' },
  interval,
  snapshot: { type: ['boolean', 'null'] },
  removed: { type: ['boolean', 'null'] },
  platform: nullable(platform),
  version: nullable(version),
  shard: nullable(shard),
  denylist: { type: ['boolean', 'null'] },
};
export const SCHEDULE_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['pack_id', 'query_id', 'interval'],
  properties: { pack_id: { type: 'integer' }, query_id: { type: 'integer', description: 'a global saved query' }, ...scheduleFields },
};
export const MODIFY_SCHEDULE_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { pack_id: { type: 'integer', description: 'move it to another pack' }, query_id: { type: 'integer', description: 'run another global saved query' }, ...scheduleFields },
};

const SPEC_QUERY_SCHEMA = {
  type: 'object',
  required: ['query', 'name', 'interval'],
  properties: { query: { type: 'string', description: 'the name of a global saved query' }, ...scheduleFields },
};
export const PACK_SPEC_SCHEMA = {
  type: 'object',
  required: ['name', 'disabled', 'targets', 'queries'],
  properties: {
    id: { type: 'integer', description: 'printed by GET, ignored by apply' },
    name: { type: 'string' },
    description: { type: 'string' },
    platform,
    disabled: { type: 'boolean' },
    targets: { type: 'object', properties: { labels: { type: 'array', items: { type: 'string' } }, teams: { type: 'array', items: { type: 'string' } } } },
    queries: { type: 'array', items: SPEC_QUERY_SCHEMA },
  },
};
export const PACK_SPECS_BODY_SCHEMA = { type: 'object', required: ['specs'], properties: { specs: { type: 'array', items: { ...PACK_SPEC_SCHEMA, required: ['name'], additionalProperties: false } } } };

export const ApiPackId = (what = 'the pack’s id'): MethodDecorator => ApiParam({ name: 'id', type: 'integer', description: what });

export function ApiPackListQueries(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'page', required: false, type: 'integer', description: '0-based; with per_page. Neither: every pack' }),
    ApiQuery({ name: 'per_page', required: false, type: 'integer', description: 'default 20 when page is given' }),
    ApiQuery({ name: 'order_key', required: false, enum: [...PACK_ORDER_KEYS] }),
    ApiQuery({ name: 'order_direction', required: false, enum: ['asc', 'desc'] }),
  );
}

/** A write route's body and its 400 (wrong types, unknown fields, unknown hosts, labels, teams, packs or queries). */
export function ApiPackWriteBody(body: object): MethodDecorator {
  return applyDecorators(
    ApiBody({ schema: body }),
    ApiResponse({ status: 400, description: 'wrong types, unknown fields, or unknown hosts, labels, teams, packs or saved queries (named)', schema: FLEET_ERROR_SCHEMA }),
    ApiResponse({ status: 422, description: 'invalid values: a missing name, an interval or shard out of range, an unknown platform, a bad osquery version', schema: FLEET_ERROR_SCHEMA }),
  );
}
