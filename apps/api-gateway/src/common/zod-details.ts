import type { ErrorDetail } from '@flotilla/platform-errors';
import type { z } from 'zod';

/**
 * Parses `input` with `schema`; on failure calls `fail` with one Fleet `errors[]` entry per
 * problem, named after the offending parameter or body field (`filters.status`, `ids`…).
 */
export function parseOrFail<S extends z.ZodType>(schema: S, input: unknown, fail: (details: ErrorDetail[]) => Error): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    name: issue.path.length > 0 ? issue.path.map(String).join('.') : 'base',
    reason: issue.message,
  }));
  throw fail(details);
}

/** A query-string value as Fastify hands it over: a string, or an array when the key repeats. */
export function lastValue(v: unknown): unknown {
  return Array.isArray(v) ? v[v.length - 1] : v;
}
