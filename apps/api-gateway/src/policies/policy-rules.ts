import type { ErrorDetail } from '@flotilla/platform-errors';
import { osquerySqlProblem } from '../common/osquery-sql';
import { isLinuxPlatform } from '../hosts/host-platforms';

/** Fleet's policy platforms (`platform` is a comma-separated subset; '' = every platform). */
export const POLICY_PLATFORMS = ['darwin', 'windows', 'linux', 'chrome'] as const;
export const MAX_POLICY_NAME = 255;

/** Why `name` is not a valid policy name, or null. */
export function nameProblem(name: string): ErrorDetail | null {
  if (name === '') return { name: 'name', reason: 'name is required' };
  if ([...name].length > MAX_POLICY_NAME) return { name: 'name', reason: `name may not exceed ${MAX_POLICY_NAME} characters` };
  return null;
}

/**
 * Why `query` is not a policy query, or null. osquery answers a policy by running it (≥ 1 row =
 * pass), so it must be a read (the shared osquery SQL check).
 */
export function queryProblem(query: string): ErrorDetail | null {
  const reason = osquerySqlProblem(query);
  return reason === null ? null : { name: 'query', reason };
}

/** The platform list as stored (trimmed, de-duplicated, comma-separated), or the problem with it. */
export function normalisePlatform(raw: string): { platform: string } | { problem: ErrorDetail } {
  const parts = [...new Set(raw.split(',').map((p) => p.trim()).filter((p) => p !== ''))];
  const unknown = parts.filter((p) => !(POLICY_PLATFORMS as readonly string[]).includes(p));
  if (unknown.length > 0) return { problem: { name: 'platform', reason: `unknown platform ${unknown.join(', ')}: platform is a comma-separated list of ${POLICY_PLATFORMS.join(', ')}` } };
  return { platform: parts.join(',') };
}

/** Whether a host reporting osquery platform `hostPlatform` is targeted by a policy's `platform` list. */
export function platformApplies(policyPlatform: string, hostPlatform: string): boolean {
  const wanted = policyPlatform.split(',').filter((p) => p !== '');
  if (wanted.length === 0) return true;
  return wanted.some((p) => (p === 'linux' ? isLinuxPlatform(hostPlatform) : p === hostPlatform));
}

/** Whether a host in labels `hostLabels` is in a policy's label scope (any include; no exclude). */
export function labelsApply(include: readonly number[] | null, exclude: readonly number[] | null, hostLabels: ReadonlySet<number>): boolean {
  if (include && include.length > 0 && !include.some((id) => hostLabels.has(id))) return false;
  return !(exclude ?? []).some((id) => hostLabels.has(id));
}
