/** OpenAPI shapes of the user, session and login routes. */
const TEAM_SUMMARY_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'description'],
  properties: { id: { type: 'integer' }, name: { type: 'string' }, description: { type: 'string' } },
};

const USER_TEAM_SCHEMA = { ...TEAM_SUMMARY_SCHEMA, required: [...TEAM_SUMMARY_SCHEMA.required, 'role'], properties: { ...TEAM_SUMMARY_SCHEMA.properties, role: { type: 'string' } } };

export const USER_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'email', 'global_role', 'api_only', 'teams', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'integer' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    name: { type: 'string' },
    email: { type: 'string' },
    position: { type: 'string' },
    force_password_reset: { type: 'boolean' },
    gravatar_url: { type: 'string' },
    sso_enabled: { type: 'boolean' },
    mfa_enabled: { type: 'boolean' },
    global_role: { type: ['string', 'null'], enum: ['admin', 'maintainer', 'observer', 'observer_plus', 'gitops', 'technician', null] },
    api_only: { type: 'boolean' },
    teams: { type: 'array', items: USER_TEAM_SCHEMA },
    fleets: { type: 'array', items: USER_TEAM_SCHEMA },
    settings: { type: 'object', properties: { hidden_host_columns: { type: 'array', items: { type: 'string' } } } },
  },
};

export const ME_SCHEMA = {
  type: 'object',
  required: ['user', 'available_teams'],
  properties: {
    user: USER_SCHEMA,
    available_teams: { type: 'array', items: TEAM_SUMMARY_SCHEMA },
    available_fleets: { type: 'array', items: TEAM_SUMMARY_SCHEMA },
  },
};

export const SESSION_SCHEMA = {
  type: 'object',
  required: ['session_id', 'user_id', 'created_at'],
  properties: { session_id: { type: 'integer' }, user_id: { type: 'integer' }, created_at: { type: 'string', format: 'date-time' } },
};
