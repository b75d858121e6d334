import type { ErrorDetail } from '@flotilla/platform-errors';
import { z } from 'zod';
import { booleanParam, fleetPageSize, paginationQuery, positiveInt, queryParam as param } from '../common/query-params';
import { parseOrFail } from '../common/zod-details';
import { hostListQuerySchema } from '../hosts/hosts.params';
import { LabelsError } from './labels.errors';
import { LABEL_ORDER_KEYS, type LabelListOptions } from './labels.repository';

export const LABEL_PATHS = ['api/v1/fleet/labels', 'api/latest/fleet/labels'];
export const LABEL_SPEC_PATHS = ['api/v1/fleet/spec/labels', 'api/latest/fleet/spec/labels'];

/** A path id: a positive integer (400 otherwise). */
export function labelId(raw: string): number {
  return parseOrFail(positiveInt('id'), raw, (d) => LabelsError.invalidParameters(d.map((e) => ({ ...e, name: 'id' }))));
}

/** A path name: not empty, at most 255 characters (400 otherwise). */
export function labelName(raw: string): string {
  return parseOrFail(z.string().min(1, { message: 'name is required' }).max(255, { message: 'name may not exceed 255 characters' }), raw, (d) =>
    LabelsError.invalidParameters(d.map((e) => ({ ...e, name: 'name' }))),
  );
}

/** Fleet 4.86's fleet filter: every label here is global, so any value lists them all. */
const fleetFilter = { team_id: param(z.string().max(255)), fleet_id: param(z.string().max(255)) };

/** `GET /labels`. */
export const labelListQuerySchema = z.object({ ...paginationQuery(LABEL_ORDER_KEYS), include_host_counts: param(booleanParam('include_host_counts')), ...fleetFilter });
export type LabelListQuery = z.output<typeof labelListQuerySchema>;

/** `GET /labels/summary`. */
export const labelSummaryQuerySchema = z.object(fleetFilter);

/** `GET /labels/:id/hosts`: the `/hosts` filters, the label coming from the path. */
export const labelHostsQuerySchema = hostListQuerySchema.omit({ label_id: true });

export function toLabelListOptions(q: LabelListQuery): LabelListOptions {
  const perPage = fleetPageSize(q);
  return {
    orderKey: q.order_key ?? 'id',
    direction: q.order_direction === 'desc' ? 'DESC' : 'ASC',
    offset: perPage === undefined ? 0 : (q.page ?? 0) * perPage,
    ...(perPage !== undefined ? { limit: perPage } : {}),
  };
}

const text = (what: string) => z.string({ message: `${what} must be a string` });
const hostIds = z.array(z.number({ message: 'host ids are positive integers' }).int({ message: 'host ids are positive integers' }).positive({ message: 'host ids are positive integers' })).max(100_000);
const hostIdentifiers = z.array(text('each host').min(1).max(255)).max(100_000);
const membershipType = z.enum(['dynamic', 'manual'], { message: 'label_membership_type must be dynamic or manual' });

/** `POST /labels`: a dynamic label (query, optional platform) or a manual one (host_ids and/or hosts). */
export const createLabelBodySchema = z.strictObject({
  name: text('name').optional(),
  description: text('description').optional(),
  query: text('query').optional(),
  platform: text('platform').optional(),
  label_membership_type: membershipType.optional(),
  host_ids: hostIds.nullable().optional(),
  hosts: hostIdentifiers.nullable().optional(),
});
export type CreateLabelBody = z.output<typeof createLabelBodySchema>;

/** `PATCH /labels/:id`: name and description; a manual label's hosts (replaced). Query and platform only if unchanged. */
export const modifyLabelBodySchema = createLabelBodySchema.partial();
export type ModifyLabelBody = z.output<typeof modifyLabelBodySchema>;

/** One entry of `POST /spec/labels` (as `GET /spec/labels` prints it, `id` included and ignored). */
export const labelSpecSchema = z.strictObject({
  id: z.number().int().nonnegative().optional(),
  name: text('name').optional(),
  description: text('description').optional(),
  query: text('query').optional(),
  platform: text('platform').optional(),
  label_type: z.enum(['regular', 'builtin'], { message: 'label_type must be regular or builtin' }).optional(),
  label_membership_type: membershipType.optional(),
  hosts: hostIdentifiers.nullable().optional(),
});
export type LabelSpecBody = z.output<typeof labelSpecSchema>;

export const applyLabelSpecsBodySchema = z.strictObject({ specs: z.array(labelSpecSchema).max(10_000) });

/** Parses a request body; each problem (each unknown field too) is named by its path: 400. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ name: [...path, k].join('.'), reason: `unknown field ${k}` }));
    return [{ name: path.length > 0 ? path.join('.') : 'base', reason: issue.message }];
  });
  throw LabelsError.invalidBody(details);
}
