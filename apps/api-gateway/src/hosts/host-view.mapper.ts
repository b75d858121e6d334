import type { HostEntity, HostMdmRecord, HostUserRecord } from '@flotilla/platform-db';
import type { FleetHost, FleetHostDetail, FleetHostMdmDetail, FleetHostMdmSummary, FleetHostUser } from './host-view.types';
import { hostStatus } from './host-status';

/** Fleet's value for "never" on the *_updated_at stamps (hosts are enrolled with it). */
export const NEVER = '1970-01-02T00:00:00Z';
/** Go's zero time, as Fleet prints an unknown instant (e.g. last_restarted_at without an uptime). */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';
const NANOS_PER_SECOND = 1_000_000_000;

/** RFC 3339 in UTC, without a `.000` fraction (as Go prints whole-second times). */
export function fleetTime(d: Date): string {
  return d.toISOString().replace('.000Z', 'Z');
}

function fleetTimeOr(d: Date | null, fallback: string): string {
  return d ? fleetTime(d) : fallback;
}

function mdmSummary(mdm: HostMdmRecord | null): FleetHostMdmSummary {
  const enrolled = mdm?.enrolled === true;
  return {
    encryption_key_available: false,
    enrollment_status: enrolled ? (mdm?.installedFromDep ? 'On (automatic)' : 'On (manual)') : 'Off',
    dep_profile_error: false,
    name: mdm?.name ?? '',
    server_url: mdm?.serverUrl ?? '',
    connected_to_fleet: false,
  };
}

function mdmDetail(mdm: HostMdmRecord | null): FleetHostMdmDetail {
  const setup = { bootstrap_package_name: '', bootstrap_package_status: '', detail: '' };
  return {
    ...mdmSummary(mdm),
    device_status: 'unlocked',
    pending_action: '',
    encryption_key_archived: false,
    profiles: null,
    macos_settings: { disk_encryption: null, action_required: null },
    macos_setup: setup,
    setup_experience: { ...setup },
    os_settings: {
      disk_encryption: { status: null, detail: '' },
      managed_local_account: { status: null, password_available: false, pending_rotation: false, auto_rotate_at: null },
      recovery_lock_password: { status: null, detail: '', password_available: false },
    },
  };
}

function hostUser(u: HostUserRecord): FleetHostUser {
  const uid = Number.parseInt(String(u.uid), 10);
  return { uid: Number.isFinite(uid) ? uid : 0, username: u.username, type: u.type, groupname: u.groupname, shell: u.shell };
}

/**
 * Maps a `hosts` row to Fleet's host object. Fields Flotilla does not track yet (policies,
 * teams' names, software, MDM server state, batteries…) carry Fleet's empty values, so Fleet's
 * clients and its 4.86 response schema accept the result.
 */
export function toFleetHost(h: HostEntity, now: Date): FleetHost {
  const seen = h.seenTime ?? h.createdAt;
  const uptimeSeconds = Math.max(0, Math.trunc(h.uptime));
  const lastRestarted = uptimeSeconds > 0 && h.detailUpdatedAt ? fleetTime(new Date(h.detailUpdatedAt.getTime() - uptimeSeconds * 1000)) : GO_ZERO_TIME;
  return {
    id: h.id,
    created_at: fleetTime(h.createdAt),
    updated_at: fleetTime(h.updatedAt),
    software_updated_at: fleetTime(h.createdAt),
    detail_updated_at: fleetTimeOr(h.detailUpdatedAt, NEVER),
    label_updated_at: NEVER,
    policy_updated_at: NEVER,
    last_enrolled_at: fleetTimeOr(h.lastEnrolledAt, NEVER),
    seen_time: fleetTime(seen),
    last_restarted_at: lastRestarted,
    refetch_requested: Boolean(h.refetchRequested),
    refetch_critical_queries_until: null,
    hostname: h.hostname,
    uuid: h.uuid,
    platform: h.platform,
    osquery_version: h.osqueryVersion,
    orbit_version: h.orbitVersion,
    fleet_desktop_version: null,
    scripts_enabled: null,
    os_version: h.osVersion,
    build: h.build,
    platform_like: h.platformLike,
    code_name: h.codeName,
    uptime: uptimeSeconds * NANOS_PER_SECOND,
    memory: Math.trunc(h.memory),
    cpu_type: h.cpuType,
    cpu_subtype: h.cpuSubtype,
    cpu_brand: h.cpuBrand,
    cpu_physical_cores: h.cpuPhysicalCores,
    cpu_logical_cores: h.cpuLogicalCores,
    hardware_vendor: h.hardwareVendor,
    hardware_model: h.hardwareModel,
    hardware_version: h.hardwareVersion,
    hardware_serial: h.hardwareSerial,
    computer_name: h.computerName,
    timezone: null,
    public_ip: '',
    primary_ip: h.primaryIp,
    primary_mac: h.primaryMac,
    distributed_interval: h.distributedInterval,
    config_tls_refresh: h.configTlsRefresh,
    logger_tls_period: h.loggerTlsPeriod,
    team_id: h.teamId,
    team_name: null,
    fleet_id: h.teamId,
    fleet_name: null,
    pack_stats: null,
    gigs_disk_space_available: h.gigsDiskSpaceAvailable,
    percent_disk_space_available: h.percentDiskSpaceAvailable,
    gigs_total_disk_space: h.gigsTotalDiskSpace,
    gigs_all_disk_space: null,
    ...(h.diskEncryptionEnabled === null ? {} : { disk_encryption_enabled: Boolean(h.diskEncryptionEnabled) }),
    issues: { failing_policies_count: 0, critical_vulnerabilities_count: 0, total_issues_count: 0 },
    mdm: mdmSummary(h.mdm),
    software: null,
    status: hostStatus({ seenTime: seen, distributedInterval: h.distributedInterval, configTlsRefresh: h.configTlsRefresh }, now),
    display_text: h.hostname,
    display_name: h.computerName || h.hostname,
  };
}

/** The host detail: the list fields plus its labels and pack stats (given), (for now empty) packs, policies and software, and the host's users. */
export function toFleetHostDetail(h: HostEntity, now: Date, related: Partial<Pick<FleetHostDetail, 'labels' | 'pack_stats'>> = {}): FleetHostDetail {
  const { mdm: _summary, software: _none, ...host } = toFleetHost(h, now);
  return {
    ...host,
    mdm: mdmDetail(h.mdm),
    pack_stats: related.pack_stats ?? [],
    software: [],
    labels: related.labels ?? [],
    packs: [],
    policies: [],
    users: (h.users ?? []).map(hostUser),
    batteries: null,
    end_users: [],
    last_mdm_checked_in_at: null,
    last_mdm_enrolled_at: null,
    conditional_access_bypassed: false,
    mdm_enrollment_hardware_attested: false,
  };
}
