/** OpenAPI shapes shared by api-gateway's Fleet-compatible routes. */
export const FLEET_ERROR_SCHEMA = {
  type: 'object',
  required: ['message', 'errors'],
  properties: {
    message: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, reason: { type: 'string' } } } },
  },
};

export const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} };
