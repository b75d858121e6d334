import { z } from 'zod';
import { ConfigError, ConfigIssue } from './config.errors';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A service's configuration: a zod object whose keys are environment variable names, plus the
 * names of keys whose values are secret (never printed, not even in validation errors).
 */
export interface ConfigSpec<S extends z.ZodObject = z.ZodObject> {
  schema: S;
  secrets: readonly string[];
}

/**
 * Validates `env` against the spec once, at start. Collects every problem (not just the first),
 * names each bad key, and replaces messages for secret keys with a value-free one.
 */
export function parseConfig<S extends z.ZodObject>(spec: ConfigSpec<S>, env: Env): z.infer<S> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(spec.schema.shape)) {
    const value = env[key];
    // An empty variable means "unset" so defaults apply (VAR= in compose files is common).
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = spec.schema.safeParse(input);
  if (result.success) return result.data;
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '(config)';
    // A secret's message is hidden when it was given a value; "required when …" for an unset one leaks nothing.
    const secret = spec.secrets.includes(key) && input[key] !== undefined;
    return { key, message: secret ? 'invalid value (hidden: secret)' : stripReceived(issue.message) };
  });
  throw new ConfigError(issues);
}

/** zod messages may quote the received value; configuration errors must not echo values at all. */
function stripReceived(message: string): string {
  return message.replace(/,?\s*received\s+.*$/i, '');
}

/** The env var names a spec reads (used by the deploy-manifest check). */
export function configKeys(spec: ConfigSpec): string[] {
  return Object.keys(spec.schema.shape);
}
