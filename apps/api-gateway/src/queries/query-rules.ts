import type { QueryEntity, QueryLoggingType } from '@flotilla/platform-db';
import type { ErrorDetail } from '@flotilla/platform-errors';
import { osquerySqlProblem } from '../common/osquery-sql';
import { normalisePlatform } from '../policies/policy-rules';
import { QueriesError } from './queries.errors';
import type { QueryBody } from './queries.params';

export const MAX_QUERY_NAME = 255;
export const MAX_DESCRIPTION_BYTES = 65_535;
/** The longest schedule Fleet allows: one week. */
export const MAX_INTERVAL_SECONDS = 604_800;
export const LOGGING_TYPES: readonly QueryLoggingType[] = ['snapshot', 'differential', 'differential_ignore_removals'];
/** `min_osquery_version`: osquery's `major.minor.patch`, or '' for any version. */
const OSQUERY_VERSION = /^\d{1,5}\.\d{1,5}\.\d{1,5}$/;

/** A saved query's validated content (what a create, modify or spec sets; team, author and `saved` are the caller's). */
export interface QueryContent {
  name: string;
  description: string;
  query: string;
  scheduleInterval: number;
  platform: string;
  minOsqueryVersion: string;
  automationsEnabled: boolean;
  loggingType: QueryLoggingType;
  observerCanRun: boolean;
  discardData: boolean;
}

const isLogging = (v: string): v is QueryLoggingType => (LOGGING_TYPES as readonly string[]).includes(v);

/**
 * `body` laid over `current` (null: a new query, Fleet's defaults) and checked as a whole: name
 * and query required and well-formed, interval in range, a known logging type, known platforms, an
 * osquery version. Every problem is reported at once (422), each named after its field.
 */
export function resolveQueryContent(body: Omit<QueryBody, 'team_id' | 'fleet_id'>, current: QueryEntity | null): QueryContent {
  const problems: ErrorDetail[] = [];
  const problem = (name: string, reason: string): void => void problems.push({ name, reason });
  const name = body.name !== undefined ? body.name.trim() : (current?.name ?? '');
  if (name === '') problem('name', 'name is required');
  else if ([...name].length > MAX_QUERY_NAME) problem('name', `name may not exceed ${MAX_QUERY_NAME} characters`);
  const description = body.description ?? current?.description ?? '';
  if (Buffer.byteLength(description, 'utf8') > MAX_DESCRIPTION_BYTES) problem('description', `description may not exceed ${MAX_DESCRIPTION_BYTES} bytes`);
  const query = body.query ?? current?.query ?? '';
  const sqlProblem = osquerySqlProblem(query);
  if (sqlProblem !== null) problem('query', sqlProblem);
  const scheduleInterval = body.interval ?? current?.scheduleInterval ?? 0;
  if (scheduleInterval < 0 || scheduleInterval > MAX_INTERVAL_SECONDS) problem('interval', `interval must be between 0 (not scheduled) and ${MAX_INTERVAL_SECONDS} seconds`);
  const logging = body.logging ?? current?.loggingType ?? 'snapshot';
  if (!isLogging(logging)) problem('logging', `logging must be one of ${LOGGING_TYPES.join(', ')}`);
  let platform = current?.platform ?? '';
  if (body.platform !== undefined) {
    const normalised = normalisePlatform(body.platform);
    if ('problem' in normalised) problems.push(normalised.problem);
    else platform = normalised.platform;
  }
  const minOsqueryVersion = (body.min_osquery_version ?? current?.minOsqueryVersion ?? '').trim();
  if (minOsqueryVersion !== '' && !OSQUERY_VERSION.test(minOsqueryVersion)) problem('min_osquery_version', "min_osquery_version must be an osquery version such as 5.10.0, or '' for any");
  if (problems.length > 0 || !isLogging(logging)) throw QueriesError.validation(problems);
  return {
    name,
    description,
    query,
    scheduleInterval,
    platform,
    minOsqueryVersion,
    automationsEnabled: body.automations_enabled ?? Boolean(current?.automationsEnabled ?? false),
    loggingType: logging,
    observerCanRun: body.observer_can_run ?? Boolean(current?.observerCanRun ?? false),
    discardData: body.discard_data ?? Boolean(current?.discardData ?? false),
  };
}

/** The columns of `next` that differ from `current`. */
export function changesOf(current: QueryEntity, next: QueryContent): Partial<QueryContent> {
  const out: Partial<QueryContent> = {};
  for (const key of Object.keys(next) as Array<keyof QueryContent>) {
    const before: unknown = typeof next[key] === 'boolean' ? Boolean(current[key]) : current[key];
    if (before !== next[key]) (out as Record<string, unknown>)[key] = next[key];
  }
  return out;
}
