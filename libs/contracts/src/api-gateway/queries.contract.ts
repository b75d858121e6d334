import { z } from 'zod';
import { defineEvent } from '../contract';

/**
 * Saved queries changed (created, edited, deleted, applied from specs; ad-hoc live queries stored
 * hidden are not announced): whoever schedules or caches them reloads. `changedIds` are new or
 * edited queries, `deletedIds` are gone. Owner: api-gateway.
 */
export const QUERIES_CHANGED = defineEvent(
  'api-gateway.query.changed.v1',
  z.object({ changedIds: z.array(z.number().int().positive()), deletedIds: z.array(z.number().int().positive()) }),
);
