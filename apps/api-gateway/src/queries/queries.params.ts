import { z } from 'zod';
import { booleanParam, fleetPageSize, nonNegativeInt, paginationQuery, positiveInt, queryParam as param } from '../common/query-params';
import { parseOrFail } from '../common/zod-details';
import { QueriesError } from './queries.errors';

/** Fleet's admin API prefixes. */
export const FLEET_PREFIXES = ['api/v1/fleet', 'api/latest/fleet'] as const;
/** Saved queries answer as `/queries` and as 4.86's `/reports`, under both prefixes. */
export const QUERY_PATHS = FLEET_PREFIXES.flatMap((p) => [`${p}/queries`, `${p}/reports`]);
export const QUERY_SPEC_PATHS = FLEET_PREFIXES.flatMap((p) => [`${p}/spec/queries`, `${p}/spec/reports`]);

/** A path id: a positive integer, else 400 naming it. */
export function pathId(raw: string, name = 'id'): number {
  return parseOrFail(positiveInt(name), raw, (d) => QueriesError.invalidParameters(d.map((e) => ({ ...e, name }))));
}

/** A path name (delete by name, one spec): 1 to 255 characters. */
export function pathName(raw: string): string {
  return parseOrFail(z.string().min(1, { message: 'name is required' }).max(255, { message: 'name may not exceed 255 characters' }), raw, (d) =>
    QueriesError.invalidParameters(d.map((e) => ({ ...e, name: 'name' }))),
  );
}

export const QUERY_ORDER_KEYS = ['id', 'name', 'team_id', 'interval', 'platform', 'author_name', 'created_at', 'updated_at'] as const;
export type QueryOrderKey = (typeof QUERY_ORDER_KEYS)[number];
/** `platform` of a list: hosts the query is scheduled for (Fleet takes macos for darwin). */
export const LIST_PLATFORMS = ['darwin', 'macos', 'windows', 'linux'] as const;

/** `team_id` (or 4.86's `fleet_id`): a team, or 0 / absent for the global queries. */
const teamParams = { team_id: param(nonNegativeInt('team_id')), fleet_id: param(nonNegativeInt('fleet_id')) };

/** `GET /queries`: Fleet's pagination, `query` (substring of the name), `team_id`, `merge_inherited`, `platform`. */
export const queryListQuerySchema = z.object({
  ...paginationQuery(QUERY_ORDER_KEYS),
  ...teamParams,
  query: param(z.string().max(255)),
  merge_inherited: param(booleanParam('merge_inherited')),
  platform: param(z.string().transform((p) => p.toLowerCase()).pipe(z.enum(LIST_PLATFORMS, { message: `platform must be one of ${LIST_PLATFORMS.join(', ')}` }))),
});

/** Routes that address the global queries or one team's (`DELETE /queries/:name`, `GET /spec/queries`). */
export const teamQuerySchema = z.object(teamParams);

export interface QueryListOptions {
  teamId: number | null;
  mergeInherited: boolean;
  query?: string;
  platform?: 'darwin' | 'windows' | 'linux';
  orderKey: QueryOrderKey;
  direction: 'ASC' | 'DESC';
  page: number;
  offset: number;
  limit?: number;
}

/** The team a parsed query string names (`team_id` wins over `fleet_id`; 0 = global). */
export function teamOf(q: { team_id?: number | undefined; fleet_id?: number | undefined }): number | null {
  const id = q.team_id ?? q.fleet_id ?? 0;
  return id === 0 ? null : id;
}

/** The service's list options from a raw query string (Fleet's pagination; id order by default). */
export function toListOptions(raw: unknown): QueryListOptions {
  const q = parseOrFail(queryListQuerySchema, raw, QueriesError.invalidParameters);
  const perPage = fleetPageSize(q);
  const page = perPage === undefined ? 0 : (q.page ?? 0);
  return {
    teamId: teamOf(q),
    mergeInherited: q.merge_inherited ?? false,
    ...(q.query ? { query: q.query } : {}),
    ...(q.platform ? { platform: q.platform === 'macos' ? 'darwin' : q.platform } : {}),
    orderKey: q.order_key ?? 'id',
    direction: q.order_direction === 'desc' ? 'DESC' : 'ASC',
    page,
    offset: perPage === undefined ? 0 : page * perPage,
    ...(perPage !== undefined ? { limit: perPage } : {}),
  };
}

const text = (what: string, max: number) => z.string({ message: `${what} must be a string` }).max(max, { message: `${what} may not exceed ${max} characters` });
const flag = (what: string) => z.boolean({ message: `${what} must be true or false` });
const teamId = (what: string) => z.number({ message: `${what} must be a team id or null` }).int({ message: `${what} must be a team id or null` }).nonnegative().nullable();

/** The fields a saved query is made of (Fleet's names); ranges, SQL shape and formats are checked later (422). */
const queryFields = {
  name: z.string({ message: 'name must be a string' }).max(1_024),
  description: text('description', 65_535),
  query: z.string({ message: 'query must be a string' }).max(1_048_576),
  interval: z.number({ message: 'interval must be a number of seconds' }).int({ message: 'interval must be a whole number of seconds' }),
  platform: text('platform', 255),
  min_osquery_version: text('min_osquery_version', 255),
  automations_enabled: flag('automations_enabled'),
  logging: text('logging', 64),
  observer_can_run: flag('observer_can_run'),
  discard_data: flag('discard_data'),
  /** Label scoping of scheduled queries: not supported yet, accepted empty (so Fleet's JSON round-trips). */
  labels_include_any: z.array(z.string(), { message: 'labels_include_any must be a list of label names' }).max(0, { message: 'labels_include_any is not supported yet' }).nullable(),
};
const optional = Object.fromEntries(Object.entries(queryFields).map(([k, s]) => [k, s.optional()])) as { [K in keyof typeof queryFields]: z.ZodOptional<(typeof queryFields)[K]> };

/** `POST /queries`, `PATCH /queries/:id`: unknown fields are refused (400). */
export const queryBodySchema = z.strictObject({ ...optional, team_id: teamId('team_id').optional(), fleet_id: teamId('fleet_id').optional() });
export type QueryBody = z.output<typeof queryBodySchema>;

/** `POST /queries/delete`. */
export const deleteQueriesBodySchema = z.strictObject({
  ids: z.array(z.number({ message: 'ids must be query ids' }).int().positive({ message: 'query ids are positive integers' }), { message: 'ids must be an array of query ids' }).max(10_000),
});

/** `POST /spec/queries`: one spec per query, created or replaced by (team, name); `team` '' = global. */
export const querySpecsBodySchema = z.strictObject({
  specs: z.array(z.strictObject({ ...optional, name: queryFields.name, query: queryFields.query, team: text('team', 255).optional() }), { message: 'specs must be an array' }).max(10_000),
});
export type QuerySpec = z.output<typeof querySpecsBodySchema>['specs'][number];

/** Parses a body (`{}` when absent); any problem is a 400 naming the field (unknown fields by name). */
export function parseQueryBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw QueriesError.invalidBody(
    result.error.issues.flatMap((issue) => {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ name: [...path, k].join('.'), reason: `unknown field ${k}` }));
      return [{ name: path.length > 0 ? path.join('.') : 'base', reason: issue.message }];
    }),
  );
}
