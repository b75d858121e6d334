import type { ErrorDetail } from '@flotilla/platform-errors';
import { z } from 'zod';

/** Fleet's limit on an agent options document (serialised JSON). */
export const MAX_AGENT_OPTIONS_BYTES = 2 * 1024 * 1024;

/** osquery options whose type Flotilla checks (osquery rejects a wrong one and falls back to defaults). */
const INTEGER_OPTIONS = [
  'distributed_interval',
  'distributed_tls_max_attempts',
  'logger_tls_period',
  'logger_tls_max_lines',
  'config_refresh',
  'config_tls_refresh',
  'config_accelerated_refresh',
  'config_tls_max_attempts',
  'schedule_splay_percent',
  'schedule_timeout',
  'schedule_max_drift',
  'watchdog_level',
  'watchdog_memory_limit',
  'watchdog_utilization_limit',
  'watchdog_delay',
  'table_delay',
  'events_expiry',
  'events_max',
  'buffered_log_max',
  'carver_block_size',
  'read_max',
  'value_max',
] as const;
const BOOLEAN_OPTIONS = [
  'disable_distributed',
  'disable_events',
  'disable_logging',
  'disable_tables',
  'enable_file_events',
  'enable_windows_events_publisher',
  'enable_windows_events_subscriber',
  'logger_snapshot_event_type',
  'logger_event_type',
  'host_identifier_ephemeral',
  'verbose',
  'utc',
  'disable_carver',
  'carver_compression',
  'carver_disable_function',
] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()], { message: 'expected a string, number or boolean' });
const options = z
  .record(z.string(), scalar)
  .superRefine((opts, ctx) => {
    for (const key of INTEGER_OPTIONS) {
      const v = opts[key];
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be a non-negative integer` });
    }
    for (const key of BOOLEAN_OPTIONS) {
      const v = opts[key];
      if (v !== undefined && typeof v !== 'boolean') ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be true or false` });
    }
  });

const stringList = z.array(z.string());

/** osquery caps a scheduled query's interval at a week (larger values are treated as 0 and never run). */
export const MAX_SCHEDULE_INTERVAL_S = 604_800;
/** One scheduled query in the config's `schedule` or a pack (osquery's query keys). */
const scheduledQuery = z.strictObject({
  query: z.string({ message: 'query must be SQL text' }).min(1, { message: 'query must not be empty' }),
  interval: z
    .number({ message: 'interval must be a number of seconds' })
    .int({ message: 'interval must be a whole number of seconds' })
    .min(1, { message: 'interval must be at least 1 second' })
    .max(MAX_SCHEDULE_INTERVAL_S, { message: `interval must be at most ${MAX_SCHEDULE_INTERVAL_S} seconds (a week)` }),
  snapshot: z.boolean().optional(),
  removed: z.boolean().optional(),
  platform: z.string().optional(),
  version: z.string().optional(),
  shard: z.number().int().min(0).max(100).optional(),
  denylist: z.boolean().optional(),
  description: z.string().optional(),
  value: z.string().optional(),
});
const inlinePack = z.strictObject({
  queries: z.record(z.string(), scheduledQuery),
  platform: z.string().optional(),
  version: z.string().optional(),
  shard: z.number().int().min(0).max(100).optional(),
  discovery: stringList.optional(),
  oncall: z.string().optional(),
});
/**
 * An inline pack, or the path of a pack file on the host (osquery reads both). Not a zod union:
 * a union reports one vague error, while the inline pack's own issues name the offending key.
 */
const pack = z.unknown().superRefine((value, ctx) => {
  if (typeof value === 'string') return;
  const result = inlinePack.safeParse(value);
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, input: value } as Parameters<typeof ctx.addIssue>[0]);
});

/** osquery's config document (what a host receives as its config). */
const osqueryConfig = z.strictObject({
  options: options.optional(),
  decorators: z.strictObject({ load: stringList.optional(), always: stringList.optional(), interval: z.record(z.string(), stringList).optional() }).optional(),
  packs: z.record(z.string(), pack).optional(),
  schedule: z.record(z.string(), scheduledQuery).optional(),
  file_paths: z.record(z.string(), stringList).optional(),
  file_paths_query: z.record(z.string(), stringList).optional(),
  file_accesses: stringList.optional(),
  exclude_paths: z.record(z.string(), stringList).optional(),
  yara: z.record(z.string(), z.unknown()).optional(),
  prometheus_targets: z.record(z.string(), z.unknown()).optional(),
  views: z.record(z.string(), z.string()).optional(),
  events: z.record(z.string(), z.unknown()).optional(),
  auto_table_construction: z.record(z.string(), z.unknown()).optional(),
  feature_vectors: z.record(z.string(), z.unknown()).optional(),
});

/** Fleet's agent options: osquery config, per-platform overrides, command-line flags, extensions. */
export const agentOptionsSchema = z.strictObject({
  config: osqueryConfig.optional(),
  overrides: z.strictObject({ platforms: z.record(z.string(), osqueryConfig).optional() }).optional(),
  command_line_flags: z.record(z.string(), scalar).nullable().optional(),
  extensions: z.record(z.string(), z.unknown()).nullable().optional(),
  channels: z.record(z.string(), z.string()).nullable().optional(),
  update_channels: z.record(z.string(), z.string()).nullable().optional(),
  script_execution_timeout: z.number().int().min(5).max(3600).optional(),
});
export type AgentOptions = z.infer<typeof agentOptionsSchema>;

/**
 * Problems with an agent options document, each named by its JSON path under `prefix`
 * (`agent_options.config.options.distributed_interval`); empty when valid. A document over
 * 2 MiB is refused whole, even with `force` (Fleet's flag to store options that fail validation).
 */
export function agentOptionsProblems(value: unknown, prefix = 'agent_options', opts: { force?: boolean } = {}): ErrorDetail[] {
  const size = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (size > MAX_AGENT_OPTIONS_BYTES) return [{ name: prefix, reason: `agent options are ${size} bytes; the limit is ${MAX_AGENT_OPTIONS_BYTES}` }];
  if (opts.force) return [];
  const result = agentOptionsSchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ name: [...path, k].join('.'), reason: `unknown key ${k}` }));
    return [{ name: path.join('.'), reason: issue.message }];
  }).flat();
}
