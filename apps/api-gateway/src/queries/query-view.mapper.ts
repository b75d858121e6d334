import type { QueryEntity, QueryLoggingType, QueryStatsEntity } from '@flotilla/platform-db';
import { fleetTime } from '../hosts/host-view.mapper';
import type { QueryAuthor } from './queries.repository';

/**
 * Performance of a query across hosts (Fleet's `stats`): percentiles over the per-host samples of
 * average user/system time per execution (ms), and all executions — from osquery's `stats` of
 * saved queries' live runs and from the hosts' schedules (`scheduled_query_stats`), as Fleet does.
 */
export interface FleetQueryStats {
  system_time_p50: number | null;
  system_time_p95: number | null;
  user_time_p50: number | null;
  user_time_p95: number | null;
  total_executions: number;
}

/** A saved query ("report") as Fleet 4.86 returns it. */
export interface FleetQuery {
  id: number;
  name: string;
  description: string;
  query: string;
  team_id: number | null;
  fleet_id: number | null;
  interval: number;
  platform: string;
  min_osquery_version: string;
  automations_enabled: boolean;
  logging: QueryLoggingType;
  saved: boolean;
  observer_can_run: boolean;
  discard_data: boolean;
  author_id: number | null;
  author_name: string;
  author_email: string;
  labels_include_any: null;
  labels_include_all: null;
  packs: never[];
  stats: FleetQueryStats;
  created_at: string;
  updated_at: string;
}

/** A saved query as a spec (`fleetctl get queries` / `apply`): `team` '' = global. */
export interface FleetQuerySpec {
  name: string;
  description: string;
  query: string;
  team: string;
  interval: number;
  observer_can_run: boolean;
  platform: string;
  min_osquery_version: string;
  automations_enabled: boolean;
  logging: QueryLoggingType;
  discard_data: boolean;
}

const NO_STATS: FleetQueryStats = { system_time_p50: null, system_time_p95: null, user_time_p50: null, user_time_p95: null, total_executions: 0 };

/** Fleet's `stats` from the per-host samples of one query. */
export function queryStats(samples: ReadonlyArray<Pick<QueryStatsEntity, 'executions' | 'userTime' | 'systemTime'>>): FleetQueryStats {
  const ran = samples.filter((s) => s.executions > 0);
  if (ran.length === 0) return { ...NO_STATS };
  const percentile = (values: number[], p: number): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  };
  const user = ran.map((s) => s.userTime / s.executions);
  const system = ran.map((s) => s.systemTime / s.executions);
  return {
    system_time_p50: percentile(system, 50),
    system_time_p95: percentile(system, 95),
    user_time_p50: percentile(user, 50),
    user_time_p95: percentile(user, 95),
    total_executions: ran.reduce((n, s) => n + s.executions, 0),
  };
}

export function toFleetQuery(q: QueryEntity, authors: ReadonlyMap<number, QueryAuthor>, samples: ReadonlyArray<Pick<QueryStatsEntity, 'executions' | 'userTime' | 'systemTime'>> = []): FleetQuery {
  const author = q.authorId === null ? undefined : authors.get(q.authorId);
  return {
    id: q.id,
    name: q.name,
    description: q.description,
    query: q.query,
    team_id: q.teamId,
    fleet_id: q.teamId,
    interval: q.scheduleInterval,
    platform: q.platform,
    min_osquery_version: q.minOsqueryVersion,
    automations_enabled: Boolean(q.automationsEnabled),
    logging: q.loggingType,
    saved: Boolean(q.saved),
    observer_can_run: Boolean(q.observerCanRun),
    discard_data: Boolean(q.discardData),
    author_id: q.authorId,
    author_name: author?.name ?? '',
    author_email: author?.email ?? '',
    labels_include_any: null,
    labels_include_all: null,
    packs: [],
    stats: queryStats(samples),
    created_at: fleetTime(q.createdAt),
    updated_at: fleetTime(q.updatedAt),
  };
}

export function toFleetQuerySpec(q: QueryEntity, teamName: string): FleetQuerySpec {
  return {
    name: q.name,
    description: q.description,
    query: q.query,
    team: teamName,
    interval: q.scheduleInterval,
    observer_can_run: Boolean(q.observerCanRun),
    platform: q.platform,
    min_osquery_version: q.minOsqueryVersion,
    automations_enabled: Boolean(q.automationsEnabled),
    logging: q.loggingType,
    discard_data: Boolean(q.discardData),
  };
}
