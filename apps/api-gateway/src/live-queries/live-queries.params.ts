import { z } from 'zod';
import { positiveInt } from '../common/query-params';
import { parseOrFail } from '../common/zod-details';
import { LiveQueriesError } from './live-queries.errors';

/** Fleet's admin API prefixes. */
export const FLEET_PREFIXES = ['api/v1/fleet', 'api/latest/fleet'] as const;
/** Live-query routes answer under `queries` and 4.86's `reports`, under both prefixes. */
export const queryPaths = (sub: string): string[] => FLEET_PREFIXES.flatMap((p) => [`${p}/queries${sub}`, `${p}/reports${sub}`]);

/** Caps on one selection (the body limit bounds it too). */
export const MAX_SELECTED_HOSTS = 100_000;
export const MAX_SELECTED_GROUPS = 1_000;
export const MAX_SYNC_HOSTS = 10_000;
/** Ad-hoc SQL as sent (the shared SQL check applies its own, smaller, limit). */
const MAX_SQL_CHARS = 1_048_576;

const id = (what: string) => z.number({ message: `${what} must be ids (positive integers)` }).int({ message: `${what} must be ids (positive integers)` }).positive({ message: `${what} must be ids (positive integers)` });
/** Go clients send `null` for an empty list. */
const ids = (what: string, max: number) =>
  z
    .array(id(what), { message: `${what} must be an array of ids` })
    .max(max, { message: `${what} may list at most ${max} ids` })
    .nullish()
    .transform((v) => [...new Set(v ?? [])]);
const names = (what: string, max: number) =>
  z
    .array(z.string({ message: `${what} must be strings` }).min(1, { message: `${what} may not be empty strings` }).max(255), { message: `${what} must be an array of strings` })
    .max(max, { message: `${what} may list at most ${max} entries` })
    .nullish()
    .transform((v) => [...new Set(v ?? [])]);

/** `selected`: hosts, labels and teams (4.86: `fleets`) by id. */
const selectedSchema = z
  .strictObject({
    hosts: ids('selected.hosts', MAX_SELECTED_HOSTS),
    labels: ids('selected.labels', MAX_SELECTED_GROUPS),
    teams: ids('selected.teams', MAX_SELECTED_GROUPS),
    fleets: ids('selected.fleets', MAX_SELECTED_GROUPS),
  })
  .transform((s) => ({ hosts: s.hosts, labels: s.labels, teams: [...new Set([...s.teams, ...s.fleets])] }));
export type Selected = z.output<typeof selectedSchema>;
export const NOTHING_SELECTED: Selected = { hosts: [], labels: [], teams: [] };

const sql = z.string({ message: 'query must be a string' }).max(MAX_SQL_CHARS, { message: `query may not exceed ${MAX_SQL_CHARS} characters` });
const queryId = z.number({ message: 'query_id must be a saved query id' }).int().positive({ message: 'query_id must be a saved query id' }).nullish();

/** What to run: new SQL or a saved query (4.86: `report_id`), exactly one. */
export type QueryChoice = { sql: string } | { queryId: number };

function choice(b: { query?: string | null | undefined; query_id?: number | null | undefined; report_id?: number | null | undefined }, ctx: z.RefinementCtx): QueryChoice {
  const saved = b.query_id ?? b.report_id ?? undefined;
  const text = b.query ?? '';
  if (saved !== undefined && text.trim() !== '') {
    ctx.addIssue({ code: 'custom', path: ['query'], message: 'give either query (SQL) or query_id (a saved query), not both' });
    return z.NEVER;
  }
  if (saved !== undefined) return { queryId: saved };
  if (text.trim() === '') {
    ctx.addIssue({ code: 'custom', path: ['query'], message: 'one of query (SQL) or query_id (a saved query) is required' });
    return z.NEVER;
  }
  return { sql: text };
}

/** `POST /queries/run`: `{query | query_id, selected: {hosts, labels, teams}}`. */
export const runBodySchema = z
  .strictObject({ query: sql.nullish(), query_id: queryId, report_id: queryId, selected: selectedSchema.optional() })
  .transform((b, ctx) => ({ what: choice(b, ctx), selected: b.selected ?? NOTHING_SELECTED }));
export type RunBody = z.output<typeof runBodySchema>;

/** `POST /queries/run_by_identifiers`: hosts by hostname, UUID, serial or osquery id; labels by name. */
export const runByIdentifiersBodySchema = z
  .strictObject({
    query: sql.nullish(),
    query_id: queryId,
    report_id: queryId,
    selected: z.strictObject({ hosts: names('selected.hosts', MAX_SELECTED_HOSTS), labels: names('selected.labels', MAX_SELECTED_GROUPS) }).optional(),
  })
  .transform((b, ctx) => ({ what: choice(b, ctx), hosts: b.selected?.hosts ?? [], labels: b.selected?.labels ?? [] }));
export type RunByIdentifiersBody = z.output<typeof runByIdentifiersBodySchema>;

/** `POST /targets`: a search text (hostnames, label and team names) and what is already selected (left out of the results, counted in the totals). */
export const targetsBodySchema = z
  .strictObject({ query: z.string({ message: 'query must be a string' }).max(255).nullish(), query_id: queryId, report_id: queryId, selected: selectedSchema.optional() })
  .transform((b) => ({ search: (b.query ?? '').trim(), selected: b.selected ?? NOTHING_SELECTED }));

/** `POST /targets/count`. */
export const targetsCountBodySchema = z
  .strictObject({ query_id: queryId, report_id: queryId, selected: selectedSchema.optional() })
  .transform((b) => ({ selected: b.selected ?? NOTHING_SELECTED }));

/** `POST /queries/:id/run`: `{host_ids}`. */
export const syncRunBodySchema = z.strictObject({
  host_ids: z
    .array(id('host_ids'), { message: 'host_ids must be an array of host ids' })
    .min(1, { message: 'host_ids is required' })
    .max(MAX_SYNC_HOSTS, { message: `host_ids may list at most ${MAX_SYNC_HOSTS} hosts` })
    .transform((v) => [...new Set(v)]),
});

/** `POST /hosts/:id/query`: `{query}` (trimmed). */
export const hostQueryBodySchema = z.strictObject({
  query: sql.transform((q) => q.trim()).refine((q) => q !== '', { message: 'query is required' }),
});

/** Parses a body, or 400 naming each bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseOrFail(schema, body ?? {}, LiveQueriesError.invalidBody);
}

/** A path id, or 400 naming it. */
export function pathId(raw: string, name: string): number {
  return parseOrFail(positiveInt(name), raw, (d) => LiveQueriesError.invalidParameters(d.map((e) => ({ ...e, name }))));
}
