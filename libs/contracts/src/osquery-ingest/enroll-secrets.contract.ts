import { z } from 'zod';
import { defineEvent, defineRequest } from '../contract';

const teamId = z.number().int().positive().nullable();

export const enrollSecretSchema = z.object({ secret: z.string(), team_id: teamId, created_at: z.string() });
export type EnrollSecretView = z.infer<typeof enrollSecretSchema>;

/** Enroll secrets of a team (`teamId: null` = global), Fleet's shape. Owner: osquery-ingest. */
export const ENROLL_SECRETS_LIST = defineRequest('osquery-ingest.enroll-secret.list.v1', z.object({ teamId }), z.object({ secrets: z.array(enrollSecretSchema) }));

/**
 * Replace all enroll secrets of a team (or the global ones) with `secrets`. Secrets are unique
 * across teams; reusing one held by another scope fails with code `secret_taken` (409).
 */
export const ENROLL_SECRETS_REPLACE = defineRequest(
  'osquery-ingest.enroll-secret.replace.v1',
  z.object({ teamId, secrets: z.array(z.string().min(1).max(255)).max(50) }),
  z.object({ secrets: z.array(enrollSecretSchema) }),
);

/** Enroll secrets changed: every osquery-ingest replica reloads its cache. */
export const ENROLL_SECRETS_CHANGED = defineEvent('osquery-ingest.enroll-secret.changed.v1', z.object({ teamId }));
