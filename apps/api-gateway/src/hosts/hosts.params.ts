import { z } from 'zod';
import { fleetPageSize, nonNegativeInt, paginationQuery, positiveInt, queryParam as param } from '../common/query-params';
import { HOST_ORDER_KEYS, type HostFilters, type HostListOptions, type PolicyResponseFilter } from './host-query.types';
import { platformsFor } from './host-platforms';
import { HOST_STATUSES } from './host-status';
import { HostsError } from './hosts.errors';

const statusParam = z.enum(HOST_STATUSES, { message: `status must be one of ${HOST_STATUSES.join(', ')}` });
const platformParam = z.string().max(255);
const policyResponseParam = z.enum(['passing', 'failing'], { message: 'policy_response must be passing or failing' });

/** `GET /hosts` and `/hosts/count` (count ignores the pagination and order keys). */
export const hostListQuerySchema = z.object({
  ...paginationQuery(HOST_ORDER_KEYS),
  query: param(z.string().max(255)),
  status: param(statusParam),
  team_id: param(nonNegativeInt('team_id')),
  fleet_id: param(nonNegativeInt('fleet_id')),
  platform: param(platformParam),
  label_id: param(positiveInt('label_id')),
  policy_id: param(positiveInt('policy_id')),
  policy_response: param(policyResponseParam),
});
export type HostListQuery = z.output<typeof hostListQuerySchema>;

/** `GET /host_summary`. */
export const hostSummaryQuerySchema = z.object({
  team_id: param(nonNegativeInt('team_id')),
  fleet_id: param(nonNegativeInt('fleet_id')),
  platform: param(platformParam),
});
export type HostSummaryQuery = z.output<typeof hostSummaryQuerySchema>;

/** A path id: a positive integer. */
export const hostIdSchema = positiveInt('id');

/** JSON numbers, or numeric strings as some clients send them. */
const jsonInt = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,9}$/).transform(Number)], { message: 'expected a non-negative integer' });

/** `POST /hosts/delete`: `{"ids": [...]}` or `{"filters": {...}}`, exactly one. */
export const bulkDeleteBodySchema = z
  .object({
    ids: z.array(z.number().int().positive({ message: 'host ids are positive integers' })).max(100_000).optional(),
    filters: z
      .object({
        query: z.string().max(255).optional(),
        status: z.union([statusParam, z.literal('')]).optional(),
        label_id: jsonInt.optional(),
        policy_id: jsonInt.optional(),
        policy_response: z.union([policyResponseParam, z.literal('')]).optional(),
        team_id: jsonInt.nullable().optional(),
        fleet_id: jsonInt.nullable().optional(),
        platform: platformParam.optional(),
      })
      .optional(),
  })
  .superRefine((body, ctx) => {
    if (body.ids !== undefined && body.filters !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['base'], message: 'Cannot specify a list of ids and filters at the same time' });
    } else if (body.ids === undefined && body.filters === undefined) {
      ctx.addIssue({ code: 'custom', path: ['base'], message: 'either ids or filters is required' });
    }
  });
export type BulkDeleteBody = z.output<typeof bulkDeleteBodySchema>;

/** Fleet's `team_id` (or its 4.86 alias `fleet_id`): 0 = hosts in no team. */
function teamFilter(teamId: number | null | undefined, fleetId: number | null | undefined): { teamId?: number | null } {
  const id = teamId ?? fleetId;
  if (id === undefined) return {};
  return { teamId: id === null || id === 0 ? null : id };
}

/** Fleet: `policy_response` filters the hosts of one policy, so it needs `policy_id` (400 otherwise). */
function policyFilter(policyId: number | undefined, response: PolicyResponseFilter | '' | undefined): Pick<HostFilters, 'policyId' | 'policyResponse'> {
  if (response && policyId === undefined) throw HostsError.invalidParameters([{ name: 'policy_response', reason: 'policy_response requires policy_id' }]);
  return policyId === undefined ? {} : { policyId, ...(response ? { policyResponse: response } : {}) };
}

export function toHostFilters(q: Omit<HostListQuery, 'page' | 'per_page' | 'order_key' | 'order_direction'>): HostFilters {
  return {
    ...(q.query ? { query: q.query } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...teamFilter(q.team_id, q.fleet_id),
    ...(q.platform ? { platforms: platformsFor(q.platform) } : {}),
    ...(q.label_id !== undefined ? { labelId: q.label_id } : {}),
    ...policyFilter(q.policy_id, q.policy_response),
  };
}

/** Fleet's pagination: everything when neither page nor per_page is given; 20 per page when only page is. */
export function toListOptions(q: HostListQuery): HostListOptions {
  const perPage = fleetPageSize(q);
  return {
    offset: perPage === undefined ? 0 : (q.page ?? 0) * perPage,
    ...(perPage !== undefined ? { limit: perPage } : {}),
    ...(q.order_key ? { orderKey: q.order_key } : {}),
    direction: q.order_direction === 'desc' ? 'DESC' : 'ASC',
  };
}

export function toSummaryFilters(q: HostSummaryQuery): Pick<HostFilters, 'teamId' | 'platforms'> {
  return { ...teamFilter(q.team_id, q.fleet_id), ...(q.platform ? { platforms: platformsFor(q.platform) } : {}) };
}

export function toBulkDeleteTarget(body: BulkDeleteBody): { ids: readonly number[] } | { filters: HostFilters } {
  if (body.ids) return { ids: body.ids };
  const f = body.filters ?? {};
  return {
    filters: {
      ...(f.query ? { query: f.query } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...teamFilter(f.team_id, f.fleet_id),
      ...(f.platform ? { platforms: platformsFor(f.platform) } : {}),
      ...(f.label_id !== undefined ? { labelId: f.label_id } : {}),
      ...policyFilter(f.policy_id, f.policy_response),
    },
  };
}
