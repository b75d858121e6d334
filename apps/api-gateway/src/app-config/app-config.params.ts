import type { ErrorDetail } from '@flotilla/platform-errors';
import { z } from 'zod';
import { booleanParam, queryParam } from '../common/query-params';
import { AppConfigError } from './app-config.errors';
import { type AppConfigPatch, appConfigPatchSchema } from './app-config.schema';

/** `PATCH /config` flags: `dry_run` validates only; `force` skips the agent options checks (not their size limit). */
export const appConfigPatchQuerySchema = z.object({
  dry_run: queryParam(booleanParam('dry_run')).transform((v) => v ?? false),
  force: queryParam(booleanParam('force')).transform((v) => v ?? false),
});
export type AppConfigPatchFlags = { dryRun: boolean; force: boolean };

/**
 * One Fleet `errors[]` entry per problem, named by dotted path. An unknown key is named itself
 * (`server_settings.bogus`), not its parent object.
 */
export function issueDetails(issues: readonly z.core.$ZodIssue[], prefix: readonly string[] = []): ErrorDetail[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ name: [...path, key].join('.'), reason: `unknown key ${key}` }));
    return [{ name: path.length > 0 ? path.join('.') : 'base', reason: issue.message }];
  });
}

/** The body of `PATCH /config` as a typed partial document, or a 422 naming every problem. */
export function parseAppConfigPatch(body: unknown): AppConfigPatch & Record<string, unknown> {
  const result = appConfigPatchSchema.safeParse(body ?? {});
  if (!result.success) throw AppConfigError.invalidConfig(issueDetails(result.error.issues));
  return result.data as AppConfigPatch & Record<string, unknown>;
}
