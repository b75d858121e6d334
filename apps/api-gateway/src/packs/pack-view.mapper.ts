import type { PackEntity, ScheduledQueryEntity } from '@flotilla/platform-db';
import { fleetTime } from '../hosts/host-view.mapper';
import type { PackTargets } from './packs.repository';
import { scheduledContentOf, type ScheduledSource } from './scheduled-queries.repository';

/** A pack as Fleet answers one (`type` is null: every pack here is a user's; Fleet's global and team packs are gone). */
export interface FleetPack {
  id: number;
  created_at: string;
  updated_at: string;
  name: string;
  description: string;
  platform: string;
  disabled: boolean;
  type: null;
  query_count: number;
  /** Same as query_count (the name some Fleet clients read). */
  total_scheduled_queries_count: number;
  /** Hosts the targets reach: the hosts named, the hosts of the teams, the members of the labels. */
  total_hosts_count: number;
  host_ids: number[];
  label_ids: number[];
  team_ids: number[];
}

/** A pack's scheduled query as Fleet answers one. */
export interface FleetScheduledQuery {
  created_at: string;
  updated_at: string;
  id: number;
  pack_id: number;
  name: string;
  query_id: number;
  query_name: string;
  query: string;
  description: string;
  interval: number;
  snapshot: boolean | null;
  removed: boolean | null;
  platform: string | null;
  version: string | null;
  shard: number | null;
  denylist: boolean | null;
}

/** One query of a pack spec (`query` names the saved query); unset options are left out, as Fleet does. */
export interface FleetPackSpecQuery {
  query: string;
  name: string;
  description: string;
  interval: number;
  snapshot?: boolean;
  removed?: boolean;
  shard?: number;
  platform?: string;
  version?: string;
  denylist?: boolean;
}

/** A pack as a spec (`fleetctl get packs` / `apply`): targets by name (hosts cannot be named in specs). */
export interface FleetPackSpec {
  id: number;
  name: string;
  description: string;
  platform: string;
  disabled: boolean;
  targets: { labels: string[]; teams: string[] };
  queries: FleetPackSpecQuery[];
}

/** An activity's details about a pack (Fleet's created_pack, edited_pack, deleted_pack). */
export const packActivity = (id: number, name: string): Record<string, unknown> => ({ pack_id: id, pack_name: name });

export function toFleetPack(p: PackEntity, targets: PackTargets, queryCount: number, hostCount: number): FleetPack {
  return {
    id: p.id,
    created_at: fleetTime(p.createdAt),
    updated_at: fleetTime(p.updatedAt),
    name: p.name,
    description: p.description,
    platform: p.platform,
    disabled: Boolean(p.disabled),
    type: null,
    query_count: queryCount,
    total_scheduled_queries_count: queryCount,
    total_hosts_count: hostCount,
    host_ids: targets.hostIds,
    label_ids: targets.labelIds,
    team_ids: targets.teamIds,
  };
}

export function toFleetScheduledQuery(s: ScheduledQueryEntity, source: ScheduledSource | undefined): FleetScheduledQuery {
  const c = scheduledContentOf(s);
  return {
    created_at: fleetTime(s.createdAt),
    updated_at: fleetTime(s.updatedAt),
    id: s.id,
    pack_id: s.packId,
    name: c.name,
    query_id: s.queryId,
    query_name: source?.name ?? '',
    query: source?.query ?? '',
    description: c.description,
    interval: c.scheduleInterval,
    snapshot: c.snapshot,
    removed: c.removed,
    platform: c.platform,
    version: c.version,
    shard: c.shard,
    denylist: c.denylist,
  };
}

export function toFleetPackSpecQuery(s: ScheduledQueryEntity, queryName: string): FleetPackSpecQuery {
  const c = scheduledContentOf(s);
  const set = <K extends 'snapshot' | 'removed' | 'shard' | 'platform' | 'version' | 'denylist'>(key: K) => (c[key] === null ? {} : { [key]: c[key] });
  return { query: queryName, name: c.name, description: c.description, interval: c.scheduleInterval, ...set('snapshot'), ...set('removed'), ...set('shard'), ...set('platform'), ...set('version'), ...set('denylist') };
}
