import { z } from 'zod';
import { booleanParam, fleetPageSize, paginationQuery, positiveInt, queryParam as param } from '../common/query-params';
import { parseOrFail } from '../common/zod-details';
import { PoliciesError } from './policies.errors';

/** Fleet's admin API prefixes. */
export const FLEET_PREFIXES = ['api/v1/fleet', 'api/latest/fleet'] as const;
/** Team policies answer under teams and 4.86's fleets, under both prefixes. */
export const TEAM_POLICY_PATHS = FLEET_PREFIXES.flatMap((p) => [`${p}/teams/:id/policies`, `${p}/fleets/:id/policies`]);

/** A path id (team or policy): a positive integer, else 400 naming it. */
export function pathId(raw: string, name: string): number {
  return parseOrFail(positiveInt(name), raw, (d) => PoliciesError.invalidParameters(d.map((e) => ({ ...e, name }))));
}

export const POLICY_ORDER_KEYS = ['id', 'name', 'team_id', 'created_at', 'updated_at', 'failing_host_count', 'passing_host_count'] as const;
export type PolicyOrderKey = (typeof POLICY_ORDER_KEYS)[number];

/** `GET /policies` and team lists: Fleet's pagination, `query` (substring of the name), `merge_inherited` (team lists). */
export const policyListQuerySchema = z.object({
  ...paginationQuery(POLICY_ORDER_KEYS),
  query: param(z.string().max(255)),
  merge_inherited: param(booleanParam('merge_inherited')),
});
export type PolicyListQuery = z.output<typeof policyListQuerySchema>;

/** The service's list options from a parsed list query (Fleet's pagination; id order by default). */
export function toListQuery(q: PolicyListQuery): { query?: string; mergeInherited: boolean; orderKey: PolicyOrderKey; direction: 'ASC' | 'DESC'; offset: number; limit?: number } {
  const perPage = fleetPageSize(q);
  return {
    ...(q.query ? { query: q.query } : {}),
    mergeInherited: q.merge_inherited ?? false,
    orderKey: q.order_key ?? 'id',
    direction: q.order_direction === 'desc' ? 'DESC' : 'ASC',
    offset: perPage === undefined ? 0 : (q.page ?? 0) * perPage,
    ...(perPage !== undefined ? { limit: perPage } : {}),
  };
}

export const policyCountQuerySchema = z.object({ query: param(z.string().max(255)), merge_inherited: param(booleanParam('merge_inherited')) });

const text = (what: string, max: number) => z.string({ message: `${what} must be a string` }).max(max, { message: `${what} may not exceed ${max} characters` });
const labelNames = (what: string) => z.array(z.string({ message: `${what} holds label names` }).min(1).max(255), { message: `${what} must be an array of label names` }).max(1_000);

/** The fields a policy is made of (Fleet's names); lengths and SQL shape are checked later (422). */
const policyFields = {
  name: z.string({ message: 'name must be a string' }).max(1_024),
  query: z.string({ message: 'query must be a string' }).max(1_048_576),
  description: text('description', 65_535),
  resolution: text('resolution', 65_535),
  platform: text('platform', 255),
  critical: z.boolean({ message: 'critical must be true or false' }),
  labels_include_any: labelNames('labels_include_any'),
  labels_exclude_any: labelNames('labels_exclude_any'),
};
/**
 * Fields of Fleet's policy JSON and specs for automations Flotilla does not run yet: accepted at
 * their "off" values (so `fleetctl get`/`apply` round-trips work), refused otherwise.
 */
const notYet = (what: string) => ({ message: `${what} is not supported yet` });
const AUTOMATIONS_OFF = {
  type: z.literal('dynamic', notYet('a policy type other than dynamic')).optional(),
  calendar_events_enabled: z.literal(false, notYet('calendar_events_enabled')).optional(),
  conditional_access_enabled: z.literal(false, notYet('conditional_access_enabled')).optional(),
  software_title_id: z.null(notYet('software_title_id (install software on failure)')).optional(),
  script_id: z.null(notYet('script_id (run a script on failure)')).optional(),
};

const optional = Object.fromEntries(Object.entries(policyFields).map(([k, s]) => [k, s.optional()])) as { [K in keyof typeof policyFields]: z.ZodOptional<(typeof policyFields)[K]> };

/** `POST /policies`, `POST /teams/:id/policies`, `PATCH …/:policy_id`: unknown fields are refused (400). */
export const policyBodySchema = z.strictObject({ ...optional, ...AUTOMATIONS_OFF });
export type PolicyBody = z.output<typeof policyBodySchema>;

/** `POST …/policies/delete`. */
export const deletePoliciesBodySchema = z.strictObject({
  ids: z.array(z.number({ message: 'ids must be policy ids' }).int().positive({ message: 'policy ids are positive integers' })).max(10_000),
});

/** `POST /spec/policies`: one spec per policy, created or updated by (team, name); `team` '' = global. */
export const policySpecsBodySchema = z.strictObject({
  specs: z.array(z.strictObject({ ...optional, ...AUTOMATIONS_OFF, name: policyFields.name, query: policyFields.query, team: text('team', 255).optional() })).max(10_000),
});
export type PolicySpec = z.output<typeof policySpecsBodySchema>['specs'][number];

/** Parses a body (`{}` when absent); any problem is a 400 naming the field (unknown fields by name). */
export function parsePolicyBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw PoliciesError.invalidBody(
    result.error.issues.flatMap((issue) => {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ name: [...path, k].join('.'), reason: `unknown field ${k}` }));
      return [{ name: path.length > 0 ? path.join('.') : 'base', reason: issue.message }];
    }),
  );
}
