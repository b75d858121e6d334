/** Prefixes Fleet gives distributed query names (the write answers under the same names). */
export const FLEET_QUERY_PREFIX = {
  detail: 'fleet_detail_query_',
  additional: 'fleet_additional_query_',
  label: 'fleet_label_query_',
  policy: 'fleet_policy_query_',
  live: 'fleet_distributed_query_',
} as const;

/** Name Fleet sends (as `SELECT 1`) when policies are due but the host has none. */
export const FLEET_NO_POLICIES_WILDCARD = 'fleet_no_policies_wildcard';

/** What a distributed query name refers to. */
export type DistributedQueryName =
  | { kind: 'detail'; name: string }
  | { kind: 'additional'; name: string }
  | { kind: 'label'; id: number }
  | { kind: 'policy'; id: number }
  | { kind: 'live'; campaignId: number }
  | { kind: 'no_policies' }
  | { kind: 'unknown'; name: string };

function idAfter(name: string, prefix: string): number | undefined {
  const rest = name.slice(prefix.length);
  return /^\d+$/.test(rest) && rest.length <= 15 ? Number(rest) : undefined;
}

/** Classifies a distributed query/result name by Fleet's prefixes; malformed ids → 'unknown'. */
export function classifyQueryName(name: string): DistributedQueryName {
  if (name === FLEET_NO_POLICIES_WILDCARD) return { kind: 'no_policies' };
  if (name.startsWith(FLEET_QUERY_PREFIX.detail) && name.length > FLEET_QUERY_PREFIX.detail.length) {
    return { kind: 'detail', name: name.slice(FLEET_QUERY_PREFIX.detail.length) };
  }
  if (name.startsWith(FLEET_QUERY_PREFIX.additional) && name.length > FLEET_QUERY_PREFIX.additional.length) {
    return { kind: 'additional', name: name.slice(FLEET_QUERY_PREFIX.additional.length) };
  }
  const ids: Array<['label' | 'policy' | 'live', string]> = [
    ['label', FLEET_QUERY_PREFIX.label],
    ['policy', FLEET_QUERY_PREFIX.policy],
    ['live', FLEET_QUERY_PREFIX.live],
  ];
  for (const [kind, prefix] of ids) {
    if (!name.startsWith(prefix)) continue;
    const id = idAfter(name, prefix);
    if (id === undefined) break;
    return kind === 'live' ? { kind, campaignId: id } : { kind, id };
  }
  return { kind: 'unknown', name };
}

/** Where a scheduled query's result name (`pack<delim>Global<delim>q`, `pack<delim>team-7<delim>q`, `pack/legacy/q`) points. */
export type ScheduledQueryName =
  | { scope: 'global'; queryName: string }
  | { scope: 'team'; teamId: number; queryName: string }
  | { scope: 'legacy_pack'; packName: string; queryName: string }
  | { scope: 'unknown' };

/** A scheduled query name that points somewhere (not 'unknown'). */
export type ScheduledQueryRef = Exclude<ScheduledQueryName, { scope: 'unknown' }>;

const SCOPE = /^(?:Global|team-\d+)/;
const MAX_DELIMITER_LENGTH = 64;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Finds the pack delimiter: the shortest prefix after "pack" that is followed by a scope, itself, and a name. */
function packDelimiter(rest: string): string | undefined {
  for (let l = 1; l < Math.min(rest.length, MAX_DELIMITER_LENGTH + 1); l++) {
    const after = rest.slice(l);
    if (!SCOPE.test(after)) continue;
    const sep = rest.slice(0, l);
    if (new RegExp(`^(?:Global|team-\\d+)${escapeRegExp(sep)}.`, 's').test(after)) return sep;
  }
  return undefined;
}

/** Parses a result log `name` into Fleet's global/team scope and query name (any `pack_delimiter`). */
export function parseScheduledQueryName(name: string): ScheduledQueryName {
  if (!name.startsWith('pack') || name.length <= 4) return { scope: 'unknown' };
  const rest = name.slice(4);
  const sep = packDelimiter(rest);
  if (sep === undefined) {
    const parts = name.split('/');
    if (parts.length === 3 && parts[0] === 'pack' && parts[1] && parts[2]) return { scope: 'legacy_pack', packName: parts[1], queryName: parts[2] };
    return { scope: 'unknown' };
  }
  const scoped = rest.slice(sep.length);
  if (scoped.startsWith(`Global${sep}`)) return { scope: 'global', queryName: scoped.slice(`Global${sep}`.length) };
  const team = /^team-(\d+)/.exec(scoped);
  if (team?.[1] && scoped.startsWith(`team-${team[1]}${sep}`) && team[1].length <= 10) {
    return { scope: 'team', teamId: Number(team[1]), queryName: scoped.slice(`team-${team[1]}${sep}`.length) };
  }
  return { scope: 'unknown' };
}

/**
 * The scheduled query a pack name and query name name, as osquery's schedule lists them once the
 * pack delimiter is known (`Global`, `team-<id>`, or a legacy pack's name); undefined when either is empty.
 */
export function scheduledQueryRef(packName: string, queryName: string): ScheduledQueryRef | undefined {
  if (packName === '' || queryName === '') return undefined;
  if (packName === 'Global') return { scope: 'global', queryName };
  const team = /^team-(\d{1,10})$/.exec(packName);
  if (team?.[1]) return { scope: 'team', teamId: Number(team[1]), queryName };
  return { scope: 'legacy_pack', packName, queryName };
}
