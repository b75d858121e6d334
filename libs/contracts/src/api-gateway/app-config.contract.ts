import { z } from 'zod';
import { defineEvent } from '../contract';

/**
 * The global settings (`PATCH /api/latest/fleet/config`, first-run setup) changed. `sections` names
 * the top-level keys of Fleet's config document whose effective value changed (`org_info`,
 * `server_settings`, `agent_options`, …), so a consumer reloads only what it caches. The payload
 * carries no values (so no secrets): subscribers read the `app_config` table again (read-only).
 * Owner: api-gateway.
 */
export const APP_CONFIG_CHANGED = defineEvent(
  'api-gateway.app-config.changed.v1',
  z.object({ sections: z.array(z.string().min(1)).min(1) }),
);
