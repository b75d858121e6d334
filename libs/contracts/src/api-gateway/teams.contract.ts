import { z } from 'zod';
import { defineEvent } from '../contract';

/**
 * Teams changed in a way host-facing services cache: created, deleted, or their settings
 * (agent options) edited. Subscribers read the `teams` table again (read-only). Owner: api-gateway.
 */
export const TEAMS_CHANGED = defineEvent(
  'api-gateway.team.changed.v1',
  z.object({ changedIds: z.array(z.number().int().positive()), deletedIds: z.array(z.number().int().positive()) }),
);
