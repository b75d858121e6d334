import type { FleetHostLabel } from '../labels/label-view.mapper';

/** Fleet's host `mdm` object as the hosts list returns it. */
export interface FleetHostMdmSummary {
  encryption_key_available: boolean;
  enrollment_status: string;
  dep_profile_error: boolean;
  name: string;
  server_url: string;
  connected_to_fleet: boolean;
}

interface FleetHostSetupStatus {
  bootstrap_package_name: string;
  bootstrap_package_status: string;
  detail: string;
}

/** The fuller `mdm` object of the host detail. */
export interface FleetHostMdmDetail extends FleetHostMdmSummary {
  device_status: string;
  pending_action: string;
  encryption_key_archived: boolean;
  profiles: unknown[] | null;
  macos_settings: { disk_encryption: string | null; action_required: null };
  macos_setup: FleetHostSetupStatus;
  setup_experience: FleetHostSetupStatus;
  os_settings: {
    disk_encryption: { status: string | null; detail: string };
    managed_local_account: { status: null; password_available: boolean; pending_rotation: boolean; auto_rotate_at: null };
    recovery_lock_password: { status: null; detail: string; password_available: boolean };
  };
}

export interface FleetHostIssues {
  failing_policies_count: number;
  critical_vulnerabilities_count: number;
  total_issues_count: number;
}

/** A host as `GET /hosts` returns it (Fleet 4.86 field set). */
export interface FleetHost {
  id: number;
  created_at: string;
  updated_at: string;
  software_updated_at: string;
  detail_updated_at: string;
  label_updated_at: string;
  policy_updated_at: string;
  last_enrolled_at: string;
  seen_time: string;
  last_restarted_at: string;
  refetch_requested: boolean;
  refetch_critical_queries_until: null;
  hostname: string;
  uuid: string;
  platform: string;
  osquery_version: string;
  orbit_version: string | null;
  fleet_desktop_version: null;
  scripts_enabled: null;
  os_version: string;
  build: string;
  platform_like: string;
  code_name: string;
  /** Nanoseconds (a Go time.Duration in Fleet). */
  uptime: number;
  memory: number;
  cpu_type: string;
  cpu_subtype: string;
  cpu_brand: string;
  cpu_physical_cores: number;
  cpu_logical_cores: number;
  hardware_vendor: string;
  hardware_model: string;
  hardware_version: string;
  hardware_serial: string;
  computer_name: string;
  timezone: null;
  public_ip: string;
  primary_ip: string;
  primary_mac: string;
  distributed_interval: number;
  config_tls_refresh: number;
  logger_tls_period: number;
  team_id: number | null;
  team_name: string | null;
  fleet_id: number | null;
  fleet_name: string | null;
  pack_stats: null;
  gigs_disk_space_available: number;
  percent_disk_space_available: number;
  gigs_total_disk_space: number;
  gigs_all_disk_space: null;
  disk_encryption_enabled?: boolean;
  issues: FleetHostIssues;
  mdm: FleetHostMdmSummary;
  software: null;
  status: string;
  display_text: string;
  display_name: string;
}

/** A host user (`users` detail query), Fleet's shape. */
export interface FleetHostUser {
  uid: number;
  username: string;
  type: string;
  groupname: string;
  shell: string;
}

/** A host as `GET /hosts/{id}` and `/hosts/identifier/{identifier}` return it. */
export interface FleetHostDetail extends Omit<FleetHost, 'mdm' | 'software' | 'pack_stats'> {
  mdm: FleetHostMdmDetail;
  pack_stats: unknown[] | null;
  software: unknown[];
  labels: FleetHostLabel[];
  packs: unknown[];
  policies: unknown[];
  users: FleetHostUser[];
  batteries: unknown[] | null;
  end_users: unknown[];
  last_mdm_checked_in_at: string | null;
  last_mdm_enrolled_at: string | null;
  conditional_access_bypassed: boolean;
  mdm_enrollment_hardware_attested: boolean;
}
