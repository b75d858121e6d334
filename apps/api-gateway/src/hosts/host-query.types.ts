import type { HostStatusFilter } from './host-status';

/** Fleet's `policy_response` filter values. */
export type PolicyResponseFilter = 'passing' | 'failing';

/** Filters shared by list, count, bulk delete and (partly) the summary. */
export interface HostFilters {
  /** Substring of hostname, computer_name, uuid, hardware_serial or primary_ip. */
  query?: string;
  status?: HostStatusFilter;
  /** A team id; `null` = hosts in no team (Fleet's `team_id=0`). */
  teamId?: number | null;
  /** Exact platforms (the `linux` filter expands to the Linux family). */
  platforms?: readonly string[];
  /** Hosts in this label (membership rows, or the platforms of a builtin label); an unknown label matches none. */
  labelId?: number;
  /** Hosts that answered this policy (`policyResponse`: only those passing, or failing, it). */
  policyId?: number;
  policyResponse?: PolicyResponseFilter;
  /** Only hosts of these teams (the caller's team scope; "No team" hosts excluded). */
  withinTeams?: readonly number[];
}

/** Sortable columns of the hosts list (Fleet's `order_key` values). */
export const HOST_ORDER_KEYS = [
  'id',
  'hostname',
  'computer_name',
  'display_name',
  'platform',
  'os_version',
  'osquery_version',
  'orbit_version',
  'primary_ip',
  'primary_mac',
  'seen_time',
  'status',
  'created_at',
  'updated_at',
  'detail_updated_at',
  'last_enrolled_at',
  'memory',
  'uptime',
  'uuid',
  'hardware_serial',
  'hardware_model',
  'hardware_vendor',
  'cpu_type',
  'cpu_brand',
  'team_id',
  'team_name',
  'gigs_disk_space_available',
  'percent_disk_space_available',
  'gigs_total_disk_space',
  'issues',
] as const;
export type HostOrderKey = (typeof HOST_ORDER_KEYS)[number];

export interface HostListOptions {
  offset: number;
  /** Undefined: every matching host (Fleet, when neither page nor per_page is given). */
  limit?: number;
  orderKey?: HostOrderKey;
  direction: 'ASC' | 'DESC';
}

export interface HostStatusCounts {
  total: number;
  online: number;
  missing: number;
  new: number;
}

export interface HostSummaryCounts extends HostStatusCounts {
  platforms: Array<{ platform: string; count: number }>;
}
