import { z } from 'zod';
import { defineEvent, defineRequest } from '../contract';

const hostId = z.number().int().positive();

/** Delete hosts (rows and node keys); their agents get `node_invalid` and re-enroll. Owner: osquery-ingest. */
export const HOSTS_DELETE = defineRequest(
  'osquery-ingest.host.delete.v1',
  z.object({ hostIds: z.array(hostId).max(10_000) }),
  z.object({ deleted: z.number().int().nonnegative() }),
);

/** Ask a host to re-run its detail queries at its next check-in. Replies `found: false` for an unknown id. */
export const HOST_REFETCH = defineRequest('osquery-ingest.host.refetch.v1', z.object({ hostId }), z.object({ found: z.boolean() }));

/**
 * A host changed in a way every osquery-ingest replica must know at once (their in-memory host
 * state): deleted, or refetch requested. Subscribed without a queue group.
 */
export const HOST_CHANGED = defineEvent(
  'osquery-ingest.host.changed.v1',
  z.object({ hostIds: z.array(hostId), change: z.enum(['deleted', 'refetch_requested']) }),
);

/** A host enrolled (first time or again). */
export const HOST_ENROLLED = defineEvent(
  'osquery-ingest.host.enrolled.v1',
  z.object({ hostId, hostIdentifier: z.string(), teamId: z.number().int().nullable(), platform: z.string(), reenrolled: z.boolean() }),
);

const teamId = z.number().int().positive().nullable();

/**
 * Move hosts to a team (`teamId: null` = no team). Unknown ids are skipped; `transferred` counts
 * the hosts that exist (now in that team). The caller checks that the team exists and that it
 * may move the hosts. Owner: osquery-ingest.
 */
export const HOSTS_TRANSFER = defineRequest(
  'osquery-ingest.host.transfer.v1',
  z.object({ hostIds: z.array(hostId).max(10_000), teamId }),
  z.object({ transferred: z.number().int().nonnegative() }),
);

/**
 * Hosts moved to another team: every osquery-ingest replica updates its in-memory host state
 * (which config and team a host is served). Subscribed without a queue group.
 */
export const HOSTS_TRANSFERRED = defineEvent('osquery-ingest.host.transferred.v1', z.object({ hostIds: z.array(hostId), teamId }));
