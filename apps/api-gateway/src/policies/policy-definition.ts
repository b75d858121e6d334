import type { PolicyEntity } from '@flotilla/platform-db';
import type { ErrorDetail } from '@flotilla/platform-errors';
import type { EntityManager } from 'typeorm';
import { PoliciesError } from './policies.errors';
import type { PolicyBody } from './policies.params';
import type { PoliciesRepository, PolicyDefinition } from './policies.repository';
import { nameProblem, normalisePlatform, queryProblem } from './policy-rules';

/** The validated content of a policy (what a create, modify or spec sets; team and author are the caller's). */
export type PolicyContent = Omit<PolicyDefinition, 'teamId' | 'authorId'>;

const sameIds = (a: readonly number[] | null, b: readonly number[] | null): boolean => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/**
 * `body` laid over `current` (null: a new policy) and checked as a whole: name and query required
 * and well-formed, known platforms, label names that exist (stored as ids), and not both label
 * lists. Every problem is reported at once (422).
 */
export async function resolvePolicyContent(repo: PoliciesRepository, body: PolicyBody, current: PolicyEntity | null, tx?: EntityManager): Promise<PolicyContent> {
  const problems: ErrorDetail[] = [];
  const name = body.name !== undefined ? body.name.trim() : (current?.name ?? '');
  const query = body.query ?? current?.query ?? '';
  for (const problem of [nameProblem(name), queryProblem(query)]) if (problem) problems.push(problem);
  let platform = current?.platform ?? '';
  if (body.platform !== undefined) {
    const normalised = normalisePlatform(body.platform);
    if ('problem' in normalised) problems.push(normalised.problem);
    else platform = normalised.platform;
  }
  const names = [...(body.labels_include_any ?? []), ...(body.labels_exclude_any ?? [])];
  const known = await repo.labelIds(names, tx);
  const resolve = (field: 'labels_include_any' | 'labels_exclude_any', fallback: number[] | null): number[] | null => {
    const given = body[field];
    if (given === undefined) return fallback;
    const unknown = given.filter((n) => !known.has(n));
    if (unknown.length > 0) problems.push({ name: field, reason: `no label named ${unknown.map((n) => JSON.stringify(n)).join(', ')}` });
    const ids = [...new Set(given.flatMap((n) => known.get(n) ?? []))];
    return ids.length > 0 ? ids : null;
  };
  const labelsIncludeAny = resolve('labels_include_any', current?.labelsIncludeAny ?? null);
  const labelsExcludeAny = resolve('labels_exclude_any', current?.labelsExcludeAny ?? null);
  if ((labelsIncludeAny?.length ?? 0) > 0 && (labelsExcludeAny?.length ?? 0) > 0) {
    problems.push({ name: 'labels_include_any', reason: 'a policy may set labels_include_any or labels_exclude_any, not both' });
  }
  if (problems.length > 0) throw PoliciesError.validation(problems);
  return {
    name,
    query,
    description: body.description ?? current?.description ?? '',
    resolution: body.resolution ?? current?.resolution ?? '',
    platform,
    critical: body.critical ?? Boolean(current?.critical ?? false),
    labelsIncludeAny,
    labelsExcludeAny,
  };
}

/** Whether hosts must answer the policy again: a new policy, or a new query, platform or label scope. */
export function redefines(current: PolicyEntity | null, next: PolicyContent): boolean {
  if (!current) return true;
  return current.query !== next.query || current.platform !== next.platform || !sameIds(current.labelsIncludeAny, next.labelsIncludeAny) || !sameIds(current.labelsExcludeAny, next.labelsExcludeAny);
}

/** The columns of `next` that differ from `current`. */
export function changesOf(current: PolicyEntity, next: PolicyContent): Partial<PolicyContent> {
  const out: Partial<PolicyContent> = {};
  for (const key of Object.keys(next) as Array<keyof PolicyContent>) {
    const before = key === 'critical' ? Boolean(current.critical) : current[key];
    if (JSON.stringify(before ?? null) !== JSON.stringify(next[key] ?? null)) (out as Record<string, unknown>)[key] = next[key];
  }
  return out;
}
