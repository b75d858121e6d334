import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { MAX_SELECTED_GROUPS, MAX_SELECTED_HOSTS, MAX_SYNC_HOSTS } from './live-queries.params';

/** OpenAPI shapes of the live-query API (docs/openapi.json); the JSON itself is built by the services. */
const int = { type: 'integer' };
const ids = (what: string, max: number) => ({ type: ['array', 'null'], items: int, maxItems: max, description: what });
const row = { type: 'object', additionalProperties: { type: ['string', 'null'] } };
const sql = { type: 'string', description: 'osquery SQL: SELECT … or WITH … (≤ 64 KiB)' };
const queryId = { type: ['integer', 'null'], description: 'a saved query (4.86: report_id)' };

const SELECTED = {
  type: 'object',
  additionalProperties: false,
  properties: {
    hosts: ids('host ids', MAX_SELECTED_HOSTS),
    labels: ids('label ids (their member hosts)', MAX_SELECTED_GROUPS),
    teams: ids('team ids (their hosts)', MAX_SELECTED_GROUPS),
    fleets: ids('alias of teams', MAX_SELECTED_GROUPS),
  },
};

export const RUN_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'exactly one of query and query_id',
  properties: { query: sql, query_id: queryId, report_id: queryId, selected: SELECTED },
};

export const RUN_BY_IDENTIFIERS_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'exactly one of query and query_id',
  properties: {
    query: sql,
    query_id: queryId,
    report_id: queryId,
    selected: {
      type: 'object',
      additionalProperties: false,
      properties: {
        hosts: { type: ['array', 'null'], items: { type: 'string' }, description: 'hostnames, UUIDs, hardware serials or osquery host ids' },
        labels: { type: ['array', 'null'], items: { type: 'string' }, description: 'label names (an unknown name is 400)' },
      },
    },
  },
};

export const CAMPAIGN_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['campaign'],
  properties: {
    campaign: {
      type: 'object',
      required: ['id', 'query_id', 'status', 'user_id', 'created_at', 'updated_at', 'Metrics'],
      properties: {
        id: int,
        query_id: int,
        status: { type: 'integer', enum: [0, 1, 2], description: '0 waiting, 1 running, 2 finished' },
        user_id: { type: ['integer', 'null'] },
        created_at: { type: 'string', format: 'date-time' },
        updated_at: { type: 'string', format: 'date-time' },
        Metrics: {
          type: 'object',
          required: ['TotalHosts', 'OnlineHosts', 'OfflineHosts', 'MissingInActionHosts', 'NewHosts'],
          properties: { TotalHosts: int, OnlineHosts: int, OfflineHosts: int, MissingInActionHosts: int, NewHosts: int },
        },
      },
    },
  },
};

const METRICS = { targets_count: int, targets_online: int, targets_offline: int, targets_missing_in_action: int };
const METRIC_KEYS = Object.keys(METRICS);

export const TARGETS_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { query: { type: 'string', description: 'search text: hostname, UUID, serial or IP; label and team names' }, query_id: queryId, report_id: queryId, selected: SELECTED },
};
export const TARGETS_COUNT_BODY_SCHEMA = { type: 'object', additionalProperties: false, properties: { query_id: queryId, report_id: queryId, selected: SELECTED } };
export const TARGETS_COUNT_SCHEMA = { type: 'object', required: METRIC_KEYS, properties: METRICS };
export const TARGETS_SCHEMA = {
  type: 'object',
  required: ['targets', ...METRIC_KEYS],
  properties: {
    targets: {
      type: 'object',
      required: ['hosts', 'labels', 'teams'],
      properties: {
        hosts: { type: 'array', items: { type: 'object', description: 'a host as GET /hosts lists it' } },
        labels: { type: 'array', items: { type: 'object', description: 'a label as GET /labels lists it, with count' } },
        teams: { type: 'array', items: { type: 'object', required: ['id', 'name', 'host_count', 'display_text', 'count'], properties: { id: int, name: { type: 'string' }, host_count: int, user_count: int, display_text: { type: 'string' }, count: int } } },
      },
    },
    ...METRICS,
  },
};

export const SYNC_RUN_BODY_SCHEMA = { type: 'object', additionalProperties: false, required: ['host_ids'], properties: { host_ids: { type: 'array', items: int, minItems: 1, maxItems: MAX_SYNC_HOSTS } } };
export const SYNC_RUN_SCHEMA = {
  type: 'object',
  required: ['query_id', 'targeted_host_count', 'responded_host_count', 'results'],
  properties: {
    query_id: int,
    targeted_host_count: int,
    responded_host_count: int,
    results: {
      type: 'array',
      description: 'one entry per targeted host: its rows and osquery’s error, or "timeout waiting for results" / "host is offline"',
      items: { type: 'object', required: ['host_id', 'rows', 'error'], properties: { host_id: int, rows: { type: 'array', items: row }, error: { type: ['string', 'null'] } } },
    },
  },
};

export const HOST_QUERY_BODY_SCHEMA = { type: 'object', additionalProperties: false, required: ['query'], properties: { query: sql } };
export const HOST_QUERY_SCHEMA = {
  type: 'object',
  required: ['host_id', 'query', 'status', 'error', 'rows'],
  properties: {
    host_id: int,
    query: { type: 'string' },
    status: { type: 'string', enum: ['online', 'offline'], description: 'an offline host answers at once, without rows' },
    error: { type: ['string', 'null'], description: 'osquery’s error, or "timeout waiting for results"' },
    rows: { type: 'array', items: row },
  },
};

/** A live-query write: its body, and the 400/422 every one of them can answer. */
export function ApiLiveQueryBody(schema: Record<string, unknown>): MethodDecorator {
  return applyDecorators(
    ApiBody({ schema }),
    ApiResponse({ status: 400, description: 'a malformed body, unknown targets (named), or no hosts targeted', schema: FLEET_ERROR_SCHEMA }),
    ApiResponse({ status: 422, description: 'SQL that is not an osquery read', schema: FLEET_ERROR_SCHEMA }),
  );
}
