import { z } from 'zod';
import { defineEvent } from '../contract';

/**
 * An activity (audit log entry) was recorded: an admin mutation or a login. Published for
 * webhooks and log destinations; `details` has the activity type's own fields (Fleet's names).
 * Owner: api-gateway.
 */
export const ACTIVITY_CREATED = defineEvent(
  'api-gateway.activity.created.v1',
  z.object({
    id: z.number().int().positive(),
    type: z.string().min(1),
    created_at: z.string(),
    /** Absent when Flotilla itself (or the bootstrap token, or a failed login) did it. */
    actor_id: z.number().int().optional(),
    actor_full_name: z.string().optional(),
    actor_email: z.string(),
    actor_api_only: z.boolean(),
    fleet_initiated: z.boolean(),
    details: z.record(z.string(), z.unknown()),
  }),
);
