import { z } from 'zod';
import { defineEvent } from '../contract';

/**
 * Packs changed (created, edited, targets or scheduled queries changed, deleted, applied from
 * specs): every osquery-ingest replica rebuilds the host configs it serves. Owner: api-gateway.
 */
export const PACKS_CHANGED = defineEvent(
  'api-gateway.pack.changed.v1',
  z.object({ changedIds: z.array(z.number().int().positive()), deletedIds: z.array(z.number().int().positive()) }),
);
