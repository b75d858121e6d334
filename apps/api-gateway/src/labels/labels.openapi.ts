import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiQuery } from '@nestjs/swagger';
import { LABEL_ORDER_KEYS } from './labels.repository';

/** OpenAPI shapes of the labels API (docs/openapi.json); the full field list is in label-view.mapper.ts. */
const time = { type: 'string', format: 'date-time' };
const labelType = { type: 'string', enum: ['regular', 'builtin'] };
const membershipType = { type: 'string', enum: ['dynamic', 'manual'], description: 'builtin labels: dynamic (their hosts come from the host platform)' };
const nullOnly = { type: 'null' };

const LABEL_CORE = {
  id: { type: 'integer' },
  created_at: time,
  updated_at: time,
  name: { type: 'string' },
  description: { type: 'string' },
  query: { type: 'string', description: 'osquery SQL (dynamic labels); empty for manual labels' },
  platform: { type: 'string', description: 'the platform the query runs on; empty = every platform' },
  label_type: labelType,
  label_membership_type: membershipType,
  author_id: { type: ['integer', 'null'] },
  team_id: nullOnly,
  fleet_id: nullOnly,
};

export const HOST_LABEL_SCHEMA = { type: 'object', required: Object.keys(LABEL_CORE), properties: LABEL_CORE };

export const LABEL_SCHEMA = {
  type: 'object',
  required: [...Object.keys(LABEL_CORE), 'display_text', 'count'],
  properties: {
    ...LABEL_CORE,
    team_name: nullOnly,
    fleet_name: nullOnly,
    display_text: { type: 'string' },
    host_count: { type: 'integer', description: 'hosts in the label the caller may see (absent with include_host_counts=false)' },
    count: { type: 'integer', description: 'same as host_count (0 when not counted)' },
    host_ids: { type: 'array', items: { type: 'integer' }, description: 'manual labels, single-label responses: member hosts the caller may see' },
  },
};

export const LABEL_RESPONSE_SCHEMA = { type: 'object', required: ['label'], properties: { label: LABEL_SCHEMA } };
export const LABEL_LIST_SCHEMA = { type: 'object', required: ['labels'], properties: { labels: { type: 'array', items: LABEL_SCHEMA } } };

export const LABEL_SUMMARY_SCHEMA = {
  type: 'object',
  required: ['labels'],
  properties: {
    labels: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'description', 'label_type'],
        properties: { id: { type: 'integer' }, name: { type: 'string' }, description: { type: 'string' }, label_type: labelType, team_id: nullOnly, fleet_id: nullOnly },
      },
    },
  },
};

const hostsList = { type: 'array', items: { type: 'string' }, description: 'hostnames, UUIDs, serials or osquery host ids (manual labels)' };
const hostIds = { type: 'array', items: { type: 'integer' }, description: 'host ids (manual labels)' };

export const LABEL_BODY_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 255 },
    description: { type: 'string' },
    query: { type: 'string', description: 'dynamic labels: osquery SQL starting with SELECT or WITH (≤ 65,535 bytes); immutable once created' },
    platform: { type: 'string', description: "dynamic labels: '', darwin, windows, chrome, linux or a Linux distribution; immutable once created" },
    label_membership_type: { type: 'string', enum: ['dynamic', 'manual'], description: 'default: manual when hosts are given without a query, else dynamic' },
    host_ids: hostIds,
    hosts: hostsList,
  },
};

const SPEC_PROPERTIES = {
  id: { type: 'integer', description: 'ignored when applying' },
  name: { type: 'string' },
  description: { type: 'string' },
  query: { type: 'string' },
  platform: { type: 'string' },
  label_type: labelType,
  label_membership_type: membershipType,
  hosts: hostsList,
};
export const LABEL_SPEC_SCHEMA = { type: 'object', required: ['name', 'label_type', 'label_membership_type'], properties: SPEC_PROPERTIES };
export const LABEL_SPECS_BODY_SCHEMA = { type: 'object', required: ['specs'], properties: { specs: { type: 'array', items: { type: 'object', required: ['name'], properties: SPEC_PROPERTIES } } } };

export const ApiLabelId = (): MethodDecorator => ApiParam({ name: 'id', type: 'integer' });

export function ApiLabelListQueries(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'page', required: false, type: 'integer', description: '0-based; with per_page. Neither: every label' }),
    ApiQuery({ name: 'per_page', required: false, type: 'integer', description: 'default 20 when page is given' }),
    ApiQuery({ name: 'order_key', required: false, enum: [...LABEL_ORDER_KEYS] }),
    ApiQuery({ name: 'order_direction', required: false, enum: ['asc', 'desc'] }),
    ApiQuery({ name: 'include_host_counts', required: false, type: 'boolean', description: 'default true' }),
  );
}
