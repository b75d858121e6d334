import type { PolicyEntity, PolicyStatsEntity } from '@flotilla/platform-db';
import { fleetTime } from '../hosts/host-view.mapper';
import type { PolicyAuthor } from './policies.repository';

/** A label a policy is scoped to, as Fleet shows it. */
export interface FleetLabelIdent {
  id: number;
  name: string;
}

/** The fields every rendering of a policy shares (Fleet 4.86). */
interface FleetPolicyBase {
  id: number;
  name: string;
  query: string;
  critical: boolean;
  description: string;
  author_id: number | null;
  author_name: string;
  author_email: string;
  team_id: number | null;
  fleet_id: number | null;
  resolution: string;
  platform: string;
  type: 'dynamic';
  calendar_events_enabled: boolean;
  conditional_access_enabled: boolean;
  created_at: string;
  updated_at: string;
}

/** A policy as the policies API returns it. */
export interface FleetPolicy extends FleetPolicyBase {
  passing_host_count: number;
  failing_host_count: number;
  /** When osquery-ingest last changed the counts (null: no host has answered yet). */
  host_count_updated_at: string | null;
  labels_include_any: FleetLabelIdent[];
  labels_exclude_any: FleetLabelIdent[];
}

/** A policy in a host's detail, with the host's answer: 'pass', 'fail', or '' (not answered, or the query failed). */
export interface FleetHostPolicy extends FleetPolicyBase {
  response: 'pass' | 'fail' | '';
}

/** What rendering policies needs beyond their rows. */
export interface PolicyViewContext {
  stats: ReadonlyMap<number, PolicyStatsEntity>;
  authors: ReadonlyMap<number, PolicyAuthor>;
  labels: ReadonlyMap<number, string>;
}

function base(p: PolicyEntity, authors: ReadonlyMap<number, PolicyAuthor>): FleetPolicyBase {
  const author = p.authorId === null ? undefined : authors.get(p.authorId);
  return {
    id: p.id,
    name: p.name,
    query: p.query,
    critical: Boolean(p.critical),
    description: p.description,
    author_id: p.authorId,
    author_name: author?.name ?? '',
    author_email: author?.email ?? '',
    team_id: p.teamId,
    fleet_id: p.teamId,
    resolution: p.resolution,
    platform: p.platform,
    type: 'dynamic',
    calendar_events_enabled: false,
    conditional_access_enabled: false,
    created_at: fleetTime(p.createdAt),
    updated_at: fleetTime(p.updatedAt),
  };
}

const idents = (ids: readonly number[] | null, labels: ReadonlyMap<number, string>): FleetLabelIdent[] =>
  (ids ?? []).flatMap((id) => {
    const name = labels.get(id);
    return name === undefined ? [] : [{ id, name }];
  });

export function toFleetPolicy(p: PolicyEntity, ctx: PolicyViewContext): FleetPolicy {
  const stats = ctx.stats.get(p.id);
  return {
    ...base(p, ctx.authors),
    passing_host_count: stats?.passingHostCount ?? 0,
    failing_host_count: stats?.failingHostCount ?? 0,
    host_count_updated_at: stats ? fleetTime(stats.updatedAt) : null,
    labels_include_any: idents(p.labelsIncludeAny, ctx.labels),
    labels_exclude_any: idents(p.labelsExcludeAny, ctx.labels),
  };
}

export function toHostPolicy(p: PolicyEntity, authors: ReadonlyMap<number, PolicyAuthor>, answer: boolean | null | undefined): FleetHostPolicy {
  return { ...base(p, authors), response: answer === true ? 'pass' : answer === false ? 'fail' : '' };
}
