import { ROLES } from '@flotilla/domain';
import { z } from 'zod';
import { enrollSecretListSchema } from '../enroll-secrets/enroll-secrets.params';
import { booleanParam, fleetPageSize, paginationQuery, positiveInt, queryParam as param } from '../common/query-params';
import { bulkDeleteBodySchema, toBulkDeleteTarget } from '../hosts/hosts.params';
import type { HostFilters } from '../hosts/host-query.types';
import { parseOrFail } from '../common/zod-details';
import { schemaProblems, SETTINGS_SCHEMAS } from './team-settings.schema';
import { TeamsError } from './teams.errors';

/** Fleet 4.86 calls teams "fleets"; both paths answer, under both API prefixes. */
export const TEAM_PATHS = ['api/v1/fleet/teams', 'api/latest/fleet/teams', 'api/v1/fleet/fleets', 'api/latest/fleet/fleets'];

/** A path id: a positive integer (400 otherwise). */
export function teamId(raw: string): number {
  return parseOrFail(positiveInt('id'), raw, (d) => TeamsError.invalidParameters(d.map((e) => ({ ...e, name: 'id' }))));
}

export const TEAM_ORDER_KEYS = ['name', 'id', 'created_at'] as const;
export type TeamOrderKey = (typeof TEAM_ORDER_KEYS)[number];

/** `GET /teams`: Fleet's list parameters; `query` matches a substring of the name. */
export const teamListQuerySchema = z.object({ ...paginationQuery(TEAM_ORDER_KEYS), query: param(z.string().max(255)) });

export const USER_ORDER_KEYS = ['name', 'email', 'id', 'created_at'] as const;
/** `GET /teams/:id/users`: `query` matches a substring of the name or email. */
export const teamUsersQuerySchema = z.object({ ...paginationQuery(USER_ORDER_KEYS), query: param(z.string().max(255)) });

/** `POST /teams/:id/agent_options`: `force` stores a document that fails validation; `dry_run` only validates. */
export const agentOptionsQuerySchema = z.object({ force: param(booleanParam('force')), dry_run: param(booleanParam('dry_run')) });

/** Fleet's pagination: everything when neither page nor per_page is given; 20 per page when only page is. */
export function pageOf(q: { page?: number; per_page?: number }): { offset: number; limit?: number } {
  const perPage = fleetPageSize(q);
  return perPage === undefined ? { offset: 0 } : { offset: (q.page ?? 0) * perPage, limit: perPage };
}

const name = z.string({ message: 'name must be a string' }).max(1024);
const description = z.string({ message: 'description must be a string' }).max(1023, { message: 'description must be at most 1023 characters' });
const settings = Object.fromEntries(Object.entries(SETTINGS_SCHEMAS).map(([k, s]) => [k, s.optional()])) as { [K in keyof typeof SETTINGS_SCHEMAS]: z.ZodOptional<(typeof SETTINGS_SCHEMAS)[K]> };

/** `POST /teams`. */
export const createTeamBodySchema = z.strictObject({ name: name.optional(), description: description.optional(), secrets: enrollSecretListSchema.optional(), ...settings });
export type CreateTeamBody = z.output<typeof createTeamBodySchema>;

/** `PATCH /teams/:id`. */
export const modifyTeamBodySchema = z.strictObject({ name: name.optional(), description: description.optional(), ...settings });
export type ModifyTeamBody = z.output<typeof modifyTeamBodySchema>;

/** `PATCH /teams/:id/users`: roles to add or change. */
export const addTeamUsersBodySchema = z.object({
  users: z
    .array(z.object({ id: z.number().int().positive({ message: 'user ids are positive integers' }), role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }) }))
    .min(1, { message: 'at least one user is required' })
    .max(1_000),
});

/** `DELETE /teams/:id/users`: users to remove (a role, if sent, is ignored). */
export const removeTeamUsersBodySchema = z.object({ users: z.array(z.object({ id: z.number().int().positive({ message: 'user ids are positive integers' }) })).max(1_000) });

/** `PATCH /teams/:id/secrets`: the team's new secrets (replacing all). */
export const teamSecretsBodySchema = z.strictObject({ secrets: enrollSecretListSchema });

/** `team_id` (or 4.86's `fleet_id`) of a transfer: null or 0 = no team. */
const destination = z.union([z.number().int().nonnegative({ message: 'team_id must be a team id or null' }), z.null()]);
const hostFiltersSchema = bulkDeleteBodySchema.shape.filters.unwrap();

export const transferBodySchema = z.object({
  team_id: destination.optional(),
  fleet_id: destination.optional(),
  hosts: z.array(z.number().int().positive({ message: 'host ids are positive integers' })).max(100_000),
});

export const transferByFilterBodySchema = z.object({ team_id: destination.optional(), fleet_id: destination.optional(), filters: hostFiltersSchema });

/** The destination team of a transfer (null: no team); `team_id` wins over `fleet_id`. */
export function destinationOf(body: { team_id?: number | null; fleet_id?: number | null }): number | null {
  const id = body.team_id !== undefined ? body.team_id : body.fleet_id;
  return id === undefined || id === null || id === 0 ? null : id;
}

export function filtersOf(body: z.output<typeof transferByFilterBodySchema>): HostFilters {
  const target = toBulkDeleteTarget({ filters: body.filters });
  return 'filters' in target ? target.filters : {};
}

/** Parses a request body, naming each problem (and each unknown key) by its path: 422. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw TeamsError.invalidBody(schemaProblems(schema, body ?? {}, ''));
}
