import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { HOST_LABEL_SCHEMA } from '../labels/labels.openapi';
import { PACK_STATS_SCHEMA } from '../query-reports/query-reports.openapi';
import { HOST_ORDER_KEYS } from './host-query.types';
import { HOST_STATUSES } from './host-status';

/** OpenAPI shapes of the hosts API (docs/openapi.json); Fleet's full field list is in host-view.types.ts. */
const nullableString = { type: ['string', 'null'] };
const time = { type: 'string', format: 'date-time' };

export const HOST_SCHEMA = {
  type: 'object',
  description: "A host, in Fleet's shape (unset fields carry Fleet's empty values)",
  required: ['id', 'hostname', 'display_name', 'uuid', 'platform', 'status', 'seen_time', 'created_at', 'team_id'],
  properties: {
    id: { type: 'integer' },
    hostname: { type: 'string' },
    display_name: { type: 'string' },
    computer_name: { type: 'string' },
    uuid: { type: 'string' },
    platform: { type: 'string' },
    os_version: { type: 'string' },
    osquery_version: { type: 'string' },
    status: { type: 'string', enum: ['online', 'offline'] },
    seen_time: time,
    created_at: time,
    updated_at: time,
    uptime: { type: 'integer', description: 'nanoseconds since boot' },
    memory: { type: 'integer', description: 'bytes' },
    hardware_serial: { type: 'string' },
    primary_ip: { type: 'string' },
    team_id: { type: ['integer', 'null'] },
    team_name: nullableString,
  },
};

export const HOST_DETAIL_SCHEMA = {
  ...HOST_SCHEMA,
  properties: {
    ...HOST_SCHEMA.properties,
    labels: { type: 'array', items: HOST_LABEL_SCHEMA },
    packs: { type: 'array', items: { type: 'object' } },
    pack_stats: PACK_STATS_SCHEMA,
    policies: { type: 'array', items: { type: 'object' } },
    software: { type: 'array', items: { type: 'object' } },
    users: { type: 'array', items: { type: 'object' } },
    mdm: { type: 'object' },
  },
};

export const HOST_SUMMARY_SCHEMA = {
  type: 'object',
  required: ['totals_hosts_count', 'online_count', 'offline_count', 'mia_count', 'missing_30_days_count', 'new_count', 'all_linux_count', 'platforms', 'builtin_labels'],
  properties: {
    team_id: { type: 'integer' },
    totals_hosts_count: { type: 'integer' },
    online_count: { type: 'integer' },
    offline_count: { type: 'integer', description: 'not online (includes missing hosts)' },
    mia_count: { type: 'integer' },
    missing_30_days_count: { type: 'integer' },
    new_count: { type: 'integer' },
    all_linux_count: { type: 'integer' },
    dep_assign_error_count: { type: 'integer' },
    platforms: { type: 'array', items: { type: 'object', properties: { platform: { type: 'string' }, hosts_count: { type: 'integer' } } } },
    builtin_labels: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'description', 'label_type'],
        properties: { id: { type: 'integer' }, name: { type: 'string' }, description: { type: 'string' }, label_type: { type: 'string', enum: ['builtin'] }, team_id: { type: 'null' }, fleet_id: { type: 'null' } },
      },
    },
  },
};


/** The filters shared by list, count and summary. */
export function ApiHostFilterQueries(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiQuery({ name: 'query', required: false, description: 'substring of hostname, computer name, UUID, serial or primary IP' }),
    ApiQuery({ name: 'status', required: false, enum: HOST_STATUSES }),
    ApiQuery({ name: 'team_id', required: false, type: 'integer', description: '0 = hosts in no team (alias: fleet_id)' }),
    ApiQuery({ name: 'platform', required: false, description: 'darwin, windows, linux (the Linux family) or an exact platform' }),
    ApiQuery({ name: 'policy_id', required: false, type: 'integer', description: 'hosts that answered this policy' }),
    ApiQuery({ name: 'policy_response', required: false, enum: ['passing', 'failing'], description: 'with policy_id: only hosts passing (or failing) it' }),
  );
}

export function ApiPaginationQueries(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiQuery({ name: 'page', required: false, type: 'integer', description: '0-based; with per_page. Neither: every host' }),
    ApiQuery({ name: 'per_page', required: false, type: 'integer', description: 'default 20 when page is given' }),
    ApiQuery({ name: 'order_key', required: false, enum: HOST_ORDER_KEYS }),
    ApiQuery({ name: 'order_direction', required: false, enum: ['asc', 'desc'] }),
  );
}
