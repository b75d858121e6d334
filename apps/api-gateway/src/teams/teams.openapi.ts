import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiQuery } from '@nestjs/swagger';
import { TEAM_ORDER_KEYS } from './teams.params';

/** OpenAPI shapes of the teams API (docs/openapi.json); Fleet's full field list is in team-view.mapper.ts. */
const time = { type: 'string', format: 'date-time' };
const object = { type: 'object' };

const secretItem = (idKey: 'fleet_id' | 'team_id') => ({
  type: 'object',
  required: ['secret', 'created_at', idKey],
  properties: { secret: { type: 'string', description: '******** for callers who may not read secrets' }, created_at: time, [idKey]: { type: 'integer' } },
});

const teamSchema = (idKey: 'fleet_id' | 'team_id', mdmNote: string) => ({
  type: 'object',
  required: ['id', 'name', 'description', 'created_at', 'agent_options', 'features', 'host_expiry_settings', 'webhook_settings', 'integrations', 'mdm', 'secrets', 'host_count', 'user_count'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    description: { type: 'string' },
    created_at: time,
    agent_options: { ...object, description: 'osquery agent options of the team (Fleet’s defaults until set)' },
    features: object,
    host_expiry_settings: { type: 'object', properties: { host_expiry_enabled: { type: 'boolean' }, host_expiry_window: { type: 'integer' } } },
    webhook_settings: object,
    integrations: object,
    mdm: { ...object, description: mdmNote },
    scripts: { type: ['array', 'null'] },
    software: object,
    secrets: { type: 'array', items: secretItem(idKey) },
    host_count: { type: 'integer' },
    user_count: { type: 'integer' },
  },
});

export const FLEET_TEAM_SCHEMA = teamSchema('fleet_id', 'Fleet 4.86 names: apple_settings, setup_experience');
export const LEGACY_TEAM_SCHEMA = teamSchema('team_id', 'pre-4.86 names: macos_settings, macos_setup');

/** Single-team responses: the same team under 4.86's `fleet` and the older `team` key. */
export const TEAM_RESPONSE_SCHEMA = { type: 'object', required: ['fleet', 'team'], properties: { fleet: FLEET_TEAM_SCHEMA, team: LEGACY_TEAM_SCHEMA } };

export const TEAM_LIST_SCHEMA = {
  type: 'object',
  required: ['fleets', 'teams'],
  properties: { fleets: { type: 'array', items: FLEET_TEAM_SCHEMA }, teams: { type: 'array', items: LEGACY_TEAM_SCHEMA } },
};

export const TEAM_SECRETS_SCHEMA = {
  type: 'object',
  required: ['secrets'],
  properties: {
    secrets: {
      type: 'array',
      items: { type: 'object', required: ['secret', 'created_at', 'team_id', 'fleet_id'], properties: { secret: { type: 'string' }, created_at: time, team_id: { type: 'integer' }, fleet_id: { type: 'integer' } } },
    },
  },
};

export const TEAM_USERS_SCHEMA = {
  type: 'object',
  required: ['users'],
  properties: {
    users: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'email', 'role', 'teams'],
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          email: { type: 'string' },
          role: { type: 'string', description: 'role on this team' },
          global_role: { type: ['string', 'null'] },
          api_only: { type: 'boolean' },
          teams: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, role: { type: 'string' } } } },
        },
      },
    },
  },
};

const USERS_BODY_ITEM = { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, role: { type: 'string' } } };
export const TEAM_USERS_BODY_SCHEMA = { type: 'object', required: ['users'], properties: { users: { type: 'array', items: USERS_BODY_ITEM } } };
export const SECRETS_BODY_SCHEMA = {
  type: 'object',
  required: ['secrets'],
  properties: { secrets: { type: 'array', items: { type: 'object', required: ['secret'], properties: { secret: { type: 'string' } } } } },
};

export const TEAM_BODY_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    secrets: { type: 'array', items: { type: 'object', properties: { secret: { type: 'string' } } }, description: 'create only; default: one random secret' },
    features: object,
    host_expiry_settings: object,
    webhook_settings: object,
    integrations: object,
    mdm: object,
  },
};

export const TRANSFER_BODY_SCHEMA = {
  type: 'object',
  required: ['hosts'],
  properties: { team_id: { type: ['integer', 'null'], description: 'null (or 0) = no team; alias fleet_id' }, hosts: { type: 'array', items: { type: 'integer' } } },
};

export const TRANSFER_FILTER_BODY_SCHEMA = {
  type: 'object',
  required: ['filters'],
  properties: {
    team_id: { type: ['integer', 'null'], description: 'null (or 0) = no team; alias fleet_id' },
    filters: { type: 'object', properties: { query: { type: 'string' }, status: { type: 'string' }, label_id: { type: 'integer' }, team_id: { type: 'integer' } } },
  },
};

export const ApiTeamId = (): MethodDecorator => ApiParam({ name: 'id', type: 'integer' });

export function ApiTeamListQueries(orderKeys: readonly string[] = TEAM_ORDER_KEYS): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'page', required: false, type: 'integer', description: '0-based; with per_page. Neither: every row' }),
    ApiQuery({ name: 'per_page', required: false, type: 'integer', description: 'default 20 when page is given' }),
    ApiQuery({ name: 'order_key', required: false, enum: [...orderKeys] }),
    ApiQuery({ name: 'order_direction', required: false, enum: ['asc', 'desc'] }),
    ApiQuery({ name: 'query', required: false, description: 'substring to search for' }),
  );
}
