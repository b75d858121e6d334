import type { QueryEntity, QueryLoggingType } from '@flotilla/platform-db';
import { fleetTime } from '../hosts/host-view.mapper';
import type { QueryAuthor } from './queries.repository';

/** Performance of a scheduled query across hosts (Fleet's `stats`); Flotilla does not collect it yet. */
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

export function toFleetQuery(q: QueryEntity, authors: ReadonlyMap<number, QueryAuthor>): FleetQuery {
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
    stats: { ...NO_STATS },
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
