import type { ErrorDetail } from '@flotilla/platform-errors';
import { MAX_INTERVAL_SECONDS } from '../queries/query-rules';
import { PacksError } from './packs.errors';

export const MAX_PACK_NAME = 255;
export const MAX_DESCRIPTION_BYTES = 65_535;
/** osquery platforms a pack or a scheduled query may be limited to (a comma-separated subset; '' = every platform). */
export const PACK_PLATFORMS = ['darwin', 'linux', 'windows'] as const;
/** `shard`: the percentage of the targeted hosts that run a scheduled query. */
export const MAX_SHARD = 100;
export { MAX_INTERVAL_SECONDS };
const OSQUERY_VERSION = /^\d{1,5}\.\d{1,5}\.\d{1,5}$/;
/** Host configs name the scheduled reports' packs `Global` and `team-<id>`: a legacy pack may not take those names. */
const RESERVED_NAME = /^(global|team-\d+)$/i;

/** A pack's own columns, validated. */
export interface PackContent {
  name: string;
  description: string;
  platform: string;
  disabled: boolean;
}

/** A scheduled query's columns, validated (its pack and saved query are the caller's). */
export interface ScheduledContent {
  name: string;
  description: string;
  scheduleInterval: number;
  snapshot: boolean | null;
  removed: boolean | null;
  platform: string | null;
  version: string | null;
  shard: number | null;
  denylist: boolean | null;
}

export interface RawPackFields {
  name?: string | undefined;
  description?: string | undefined;
  platform?: string | undefined;
  disabled?: boolean | undefined;
}

export interface RawScheduleFields {
  name?: string | undefined;
  description?: string | undefined;
  interval?: number | undefined;
  snapshot?: boolean | null | undefined;
  removed?: boolean | null | undefined;
  platform?: string | null | undefined;
  version?: string | null | undefined;
  shard?: number | null | undefined;
  denylist?: boolean | null | undefined;
}

type Problems = ErrorDetail[];

function checkName(name: string, field: string, problems: Problems): void {
  if (name === '') problems.push({ name: field, reason: 'name is required' });
  else if ([...name].length > MAX_PACK_NAME) problems.push({ name: field, reason: `name may not exceed ${MAX_PACK_NAME} characters` });
}

function checkPackName(name: string, field: string, problems: Problems): void {
  checkName(name, field, problems);
  if (RESERVED_NAME.test(name)) problems.push({ name: field, reason: `${JSON.stringify(name)} is reserved: host configs name the scheduled reports' packs Global and team-<id>` });
}

function checkDescription(description: string, field: string, problems: Problems): void {
  if (Buffer.byteLength(description, 'utf8') > MAX_DESCRIPTION_BYTES) problems.push({ name: field, reason: `description may not exceed ${MAX_DESCRIPTION_BYTES} bytes` });
}

/** The platform list as stored (trimmed, de-duplicated, comma-separated), or undefined after recording the problem. */
function platformOf(raw: string, field: string, problems: Problems): string | undefined {
  const parts = [...new Set(raw.split(',').map((p) => p.trim()).filter((p) => p !== ''))];
  const unknown = parts.filter((p) => !(PACK_PLATFORMS as readonly string[]).includes(p));
  if (unknown.length === 0) return parts.join(',');
  problems.push({ name: field, reason: `unknown platform ${unknown.join(', ')}: platform is '' (every platform) or a comma-separated list of ${PACK_PLATFORMS.join(', ')}` });
  return undefined;
}

/**
 * `body` laid over `current` (null: a new pack) and checked as a whole: a name (1–255
 * characters, not a system pack's), a description, known platforms. Every problem is reported at once (422), each named
 * after its field behind `prefix` (`specs.2.`).
 */
export function resolvePackContent(body: RawPackFields, current: PackContent | null, prefix = ''): PackContent {
  const problems: Problems = [];
  const name = body.name !== undefined ? body.name.trim() : (current?.name ?? '');
  checkPackName(name, `${prefix}name`, problems);
  const description = body.description ?? current?.description ?? '';
  checkDescription(description, `${prefix}description`, problems);
  const platform = body.platform !== undefined ? platformOf(body.platform, `${prefix}platform`, problems) : (current?.platform ?? '');
  if (problems.length > 0 || platform === undefined) throw PacksError.validation(problems);
  return { name, description, platform, disabled: body.disabled ?? current?.disabled ?? false };
}

/**
 * A scheduled query's options: `body` over `current` (null: a new one). The name defaults to the
 * saved query's (`defaultName`); the interval is required, 1 second to a week; `shard` a
 * percentage (0–100); `platform` known platforms; `version` an osquery version such as 5.10.0.
 * `null` leaves an option unset (osquery's default). Every problem at once (422), behind `prefix`.
 */
export function resolveScheduledContent(body: RawScheduleFields, current: ScheduledContent | null, defaultName: string, prefix = ''): ScheduledContent {
  const problems: Problems = [];
  const given = body.name?.trim();
  const name = given ? given : (current?.name ?? defaultName);
  checkName(name, `${prefix}name`, problems);
  const description = body.description ?? current?.description ?? '';
  checkDescription(description, `${prefix}description`, problems);
  const scheduleInterval = body.interval ?? current?.scheduleInterval;
  if (scheduleInterval === undefined) problems.push({ name: `${prefix}interval`, reason: 'interval is required (seconds between runs)' });
  else if (scheduleInterval < 1 || scheduleInterval > MAX_INTERVAL_SECONDS) problems.push({ name: `${prefix}interval`, reason: `interval must be between 1 and ${MAX_INTERVAL_SECONDS} seconds` });
  const shard = body.shard !== undefined ? body.shard : (current?.shard ?? null);
  if (shard !== null && (shard < 0 || shard > MAX_SHARD)) problems.push({ name: `${prefix}shard`, reason: `shard must be a percentage between 0 and ${MAX_SHARD}` });
  let platform = current?.platform ?? null;
  if (body.platform !== undefined) platform = body.platform === null ? null : (platformOf(body.platform, `${prefix}platform`, problems) ?? null);
  const version = body.version !== undefined ? (body.version === null ? null : body.version.trim()) : (current?.version ?? null);
  if (version !== null && version !== '' && !OSQUERY_VERSION.test(version)) problems.push({ name: `${prefix}version`, reason: "version must be an osquery version such as 5.10.0, or '' for any" });
  if (problems.length > 0 || scheduleInterval === undefined) throw PacksError.validation(problems);
  const keep = <K extends 'snapshot' | 'removed' | 'denylist'>(key: K): boolean | null => (body[key] !== undefined ? (body[key] ?? null) : (current?.[key] ?? null));
  return { name, description, scheduleInterval, snapshot: keep('snapshot'), removed: keep('removed'), platform, version, shard, denylist: keep('denylist') };
}

/** The fields of `next` that differ from `current`. */
export function changesOf<T extends object>(current: T, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as Array<keyof T>) if (current[key] !== next[key]) out[key] = next[key];
  return out;
}
