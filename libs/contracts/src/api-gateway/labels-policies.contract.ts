import { z } from 'zod';
import { defineEvent, defineStream } from '../contract';

/**
 * Label definitions changed (created, query or platform edited, deleted): every osquery-ingest
 * replica reloads the dynamic labels it sends hosts. `changedIds` are labels every host must run
 * again at its next check-in (new or re-defined); `deletedIds` lose their memberships.
 * Owner: api-gateway.
 */
export const LABELS_CHANGED = defineEvent(
  'api-gateway.label.changed.v1',
  z.object({ changedIds: z.array(z.number().int().positive()), deletedIds: z.array(z.number().int().positive()) }),
);

/** Policy definitions changed: every osquery-ingest replica reloads them; `changedIds` are run again at each host's next check-in. */
export const POLICIES_CHANGED = defineEvent(
  'api-gateway.policy.changed.v1',
  z.object({ changedIds: z.array(z.number().int().positive()), deletedIds: z.array(z.number().int().positive()) }),
);

/**
 * A host's answer to a policy changed (pass ↔ fail; `previous` null = first answer, `passes`
 * null = the query failed on the host). Durable: failing-policy automations consume it.
 * Owner: osquery-ingest.
 */
export const POLICY_RESULT_CHANGED = defineStream(
  'POLICY_RESULTS',
  'osquery-ingest.policy-result.changed.v1',
  z.object({
    policyId: z.number().int().positive(),
    hostId: z.number().int().positive(),
    passes: z.boolean().nullable(),
    previous: z.boolean().nullable(),
    at: z.string(),
  }),
  { maxAgeMs: 7 * 86_400_000 },
);
