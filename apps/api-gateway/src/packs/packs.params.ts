import { z } from 'zod';
import { fleetPageSize, paginationQuery, positiveInt } from '../common/query-params';
import { parseOrFail } from '../common/zod-details';
import { PacksError } from './packs.errors';

/** Fleet's admin API prefixes. */
export const FLEET_PREFIXES = ['api/v1/fleet', 'api/latest/fleet'] as const;
export const PACK_PATHS = FLEET_PREFIXES.map((p) => `${p}/packs`);
export const PACK_SPEC_PATHS = FLEET_PREFIXES.map((p) => `${p}/spec/packs`);

/**
 * A pack's scheduled queries: `/packs/schedule…` under both prefixes, and (`legacy`) v1's
 * `/schedule…` (under /api/latest/, `/schedule` is the global schedule, another API).
 */
export const schedulePaths = (sub: string, legacy: boolean): string[] => [...FLEET_PREFIXES.map((p) => `${p}/packs/schedule${sub}`), ...(legacy ? [`api/v1/fleet/schedule${sub}`] : [])];
/** `GET /schedule/:id` answers under both prefixes. */
export const SCHEDULED_GET_PATHS = FLEET_PREFIXES.map((p) => `${p}/schedule/:id`);

/** A path id: a positive integer, else 400 naming it. */
export function pathId(raw: string, name = 'id'): number {
  return parseOrFail(positiveInt(name), raw, (d) => PacksError.invalidParameters(d.map((e) => ({ ...e, name }))));
}

/** A path name: 1 to 255 characters. */
export function pathName(raw: string): string {
  return parseOrFail(z.string().min(1, { message: 'name is required' }).max(255, { message: 'name may not exceed 255 characters' }), raw, (d) =>
    PacksError.invalidParameters(d.map((e) => ({ ...e, name: 'name' }))),
  );
}

export const PACK_ORDER_KEYS = ['id', 'name', 'created_at', 'updated_at'] as const;
export type PackOrderKey = (typeof PACK_ORDER_KEYS)[number];

/** `GET /packs`: Fleet's pagination and order. */
export const packListQuerySchema = z.object(paginationQuery(PACK_ORDER_KEYS));

export interface PackListOptions {
  orderKey: PackOrderKey;
  direction: 'ASC' | 'DESC';
  offset: number;
  limit?: number;
}

/** The service's list options from a raw query string (id order by default; every pack unless paged). */
export function toPackListOptions(raw: unknown): PackListOptions {
  const q = parseOrFail(packListQuerySchema, raw, PacksError.invalidParameters);
  const perPage = fleetPageSize(q);
  return {
    orderKey: q.order_key ?? 'id',
    direction: q.order_direction === 'desc' ? 'DESC' : 'ASC',
    offset: perPage === undefined ? 0 : (q.page ?? 0) * perPage,
    ...(perPage !== undefined ? { limit: perPage } : {}),
  };
}

const text = (what: string, max: number) => z.string({ message: `${what} must be a string` }).max(max, { message: `${what} may not exceed ${max} characters` });
const flag = (what: string) => z.boolean({ message: `${what} must be true or false` });
const id = (what: string) => z.number({ message: `${what} must be a positive integer` }).int({ message: `${what} must be a positive integer` }).positive({ message: `${what} must be a positive integer` });
const ids = (what: string) => z.array(id(what), { message: `${what} must be a list of ids` }).max(100_000).nullable();
const integer = (what: string) => z.number({ message: `${what} must be a whole number` }).int({ message: `${what} must be a whole number` });

/** `POST /packs`, `PATCH /packs/:id` (fields not sent, and null target lists, are kept). Unknown fields are refused (400). */
export const packBodySchema = z.strictObject({
  name: text('name', 1_024).optional(),
  description: text('description', 65_535 * 4).optional(),
  platform: text('platform', 255).optional(),
  disabled: flag('disabled').optional(),
  host_ids: ids('host_ids').optional(),
  label_ids: ids('label_ids').optional(),
  team_ids: ids('team_ids').optional(),
});
export type PackBody = z.output<typeof packBodySchema>;

/** What a scheduled query's body may set (create, modify, and each query of a pack spec). */
const scheduleFields = {
  name: text('name', 1_024).optional(),
  description: text('description', 65_535 * 4).optional(),
  interval: integer('interval').optional(),
  snapshot: flag('snapshot').nullable().optional(),
  removed: flag('removed').nullable().optional(),
  platform: text('platform', 255).nullable().optional(),
  version: text('version', 255).nullable().optional(),
  shard: integer('shard').nullable().optional(),
  denylist: flag('denylist').nullable().optional(),
};

/** `POST /packs/schedule` (v1 `POST /schedule`): a saved query into a pack. */
export const scheduleBodySchema = z.strictObject({ ...scheduleFields, pack_id: id('pack_id'), query_id: id('query_id') });
export type ScheduleBody = z.output<typeof scheduleBodySchema>;

/** `PATCH /packs/schedule/:id`: options not sent are kept; `pack_id` / `query_id` move it to another pack or saved query. */
export const modifyScheduleBodySchema = z.strictObject({ ...scheduleFields, pack_id: id('pack_id').optional(), query_id: id('query_id').optional() });
export type ModifyScheduleBody = z.output<typeof modifyScheduleBodySchema>;

const names = (what: string) => z.array(text(what, 255), { message: `${what} must be a list of names` }).max(10_000).nullable().optional();

/** One pack of `POST /spec/packs` (as `GET /spec/packs` prints it: `id` is accepted and ignored). */
export const packSpecSchema = z.strictObject({
  id: z.number().int().nonnegative().optional(),
  name: text('name', 1_024).optional(),
  description: text('description', 65_535 * 4).optional(),
  platform: text('platform', 255).optional(),
  disabled: flag('disabled').optional(),
  targets: z.strictObject({ labels: names('labels'), teams: names('teams') }).nullable().optional(),
  queries: z
    .array(z.strictObject({ ...scheduleFields, query: text('query', 1_024) }), { message: 'queries must be a list' })
    .max(10_000)
    .nullable()
    .optional(),
});
export type PackSpecBody = z.output<typeof packSpecSchema>;
export type PackSpecQueryBody = NonNullable<PackSpecBody['queries']>[number];

export const packSpecsBodySchema = z.strictObject({ specs: z.array(packSpecSchema, { message: 'specs must be a list of pack specs' }).max(10_000) });

/** Parses a body (`{}` when absent); any problem is a 400 naming the field (unknown fields by name). */
export function parsePackBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw PacksError.invalidBody(
    result.error.issues.flatMap((issue) => {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ name: [...path, k].join('.'), reason: `unknown field ${k}` }));
      return [{ name: path.length > 0 ? path.join('.') : 'base', reason: issue.message }];
    }),
  );
}
