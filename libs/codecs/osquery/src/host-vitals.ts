import type { ScheduledQueryRef } from './query-name.parser';

/** A local account reported by the `users` detail query. */
export interface HostUser {
  uid: number;
  username: string;
  type: string;
  groupname: string;
  shell: string;
}

/** MDM enrollment as the host itself reports it (macOS `mdm` table, Windows enrollment registry). */
export interface HostMdm {
  enrolled: boolean;
  /** Server URL without query string ("" when not enrolled). */
  serverUrl: string;
  /** macOS: enrolled through ADE/DEP; Windows: automatic (Azure AD / Autopilot) enrollment. */
  installedFromDep: boolean;
  /** Well-known solution name deduced from the URL / payload ("Fleet", "Jamf", "Intune"…), absent when unknown. */
  name?: string;
  /** Windows Server installs (Fleet hides MDM for them). */
  isServer?: boolean;
  /** Fleet MDM on macOS: the `enroll_reference` query parameter of the server URL. */
  enrollmentReference?: string;
}

/** Munki agent state (macOS); errors/warnings split on ";". */
export interface HostMunki {
  version: string;
  errors: string[];
  warnings: string[];
}

/** The operating-system inventory row used for OS vulnerability matching (os_unix_like / os_windows). */
export interface HostOperatingSystem {
  name: string;
  version: string;
  arch: string;
  kernelVersion: string;
  platform: string;
  displayVersion?: string;
}

/**
 * One entry of the host's osquery schedule (`scheduled_query_stats`: osquery_schedule): which
 * scheduled query it is and how it performed since osquery started (times are totals over
 * `executions`, in milliseconds; memory in bytes).
 */
export interface HostScheduledQueryStat {
  query: ScheduledQueryRef;
  /** Seconds between runs, as the host has it scheduled. */
  interval: number;
  executions: number;
  /** When it last ran (Unix seconds); null if it has not run yet. */
  lastExecuted: number | null;
  /** osquery's watchdog stopped running it (too much CPU or memory). */
  denylisted: boolean;
  /** Bytes of results it has logged. */
  outputSize: number;
  wallTimeMs: number;
  userTime: number;
  systemTime: number;
  averageMemory: number;
}

/** Everything the detail queries learn about a host (Fleet's "host vitals"). */
export interface HostVitals {
  hostname: string;
  computerName: string;
  uuid: string;
  platform: string;
  platformLike: string;
  /** Fleet-style display string: "Ubuntu 22.04.1 LTS", "macOS 14.1.2", "Windows 11 Enterprise 22H2 10.0.22621.2715". */
  osVersion: string;
  build: string;
  codeName: string;
  kernelVersion: string;
  osqueryVersion: string;
  cpuType: string;
  cpuSubtype: string;
  cpuBrand: string;
  cpuPhysicalCores: number;
  cpuLogicalCores: number;
  /** Physical memory in bytes. */
  memory: number;
  hardwareVendor: string;
  hardwareModel: string;
  hardwareVersion: string;
  /** "" when the host reports a placeholder serial ("-1", "0", "Default string", "To Be Filled By O.E.M."…). */
  hardwareSerial: string;
  primaryIp: string;
  primaryMac: string;
  uptimeSeconds: number;
  gigsDiskSpaceAvailable: number;
  percentDiskSpaceAvailable: number;
  gigsTotalDiskSpace: number;
  /** Linux only: all local (non-removable, non-virtual) mounts together. */
  gigsAllDiskSpace: number;
  diskEncryptionEnabled: boolean;
  /** Seconds; with configTlsRefresh and loggerTlsPeriod these drive the online/offline computation. */
  distributedInterval: number;
  configTlsRefresh: number;
  loggerTlsPeriod: number;
  orbitVersion: string;
  orbitDesktopVersion: string;
  scriptsEnabled: boolean;
  users: HostUser[];
  mdm: HostMdm;
  /** null = Munki is not installed (clear any previous state). */
  munki: HostMunki | null;
  operatingSystem: HostOperatingSystem;
  /** The host's schedule with per-query performance ([]: nothing scheduled). */
  scheduledQueryStats: HostScheduledQueryStat[];
}

/** A partial update from one detail query (or the enroll host_details): only the fields it learned. */
export type HostVitalsPatch = Partial<HostVitals>;

/** When the host last booted, from an uptime patch and the caller's clock. */
export function lastRestartedAt(uptimeSeconds: number, now: Date): Date {
  return new Date(now.getTime() - uptimeSeconds * 1000);
}
