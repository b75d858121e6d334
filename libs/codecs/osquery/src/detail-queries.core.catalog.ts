import type { DetailQuery, DetailRow } from './detail-query.types';
import { compact, discoveryTable, intColumn, onlyRow, OSQUERY_PLATFORMS } from './detail-ingest.util';
import type { HostUser, HostVitalsPatch } from './host-vitals';
import { osqueryError } from './osquery.errors';
import { unixOsDisplay } from './os-version.util';
import { ingestScheduledQueryStats, SCHEDULED_QUERY_STATS_SQL } from './scheduled-query-stats.util';
import { ingestNetworkInterface, ingestUnixOperatingSystem } from './shared-ingest.util';

/** Serial numbers firmware ships un-set; Fleet blanks them so they never merge distinct hosts. */
const PLACEHOLDER_SERIAL_FRAGMENT = /default|serial|string|to be filled|not specified|not applicable|not available|o\.e\.m/i;
const PLACEHOLDER_SERIAL_EXACT = /^(?:-1|0+|none|n\/?a|null|unknown|x+|0?123456789|1234567890)$/i;

/** The hardware serial to store: "" for placeholders like "-1", "0", "Default string", "To Be Filled By O.E.M.". */
export function normalizeHardwareSerial(serial: string): string {
  const s = serial.trim();
  return s === '' || PLACEHOLDER_SERIAL_FRAGMENT.test(s) || PLACEHOLDER_SERIAL_EXACT.test(s) ? '' : s;
}

function cleanText(value: string | undefined): string | undefined {
  // Some hosts pad cpu_brand & co. with NULs.
  return value === undefined ? undefined : value.split('\u0000').join('').trim();
}

function ingestOsVersion(rows: readonly DetailRow[]): HostVitalsPatch {
  const row = onlyRow(rows);
  if (!row) return {};
  let platform = row['platform'];
  // osquery on CentOS 6 leaves platform empty.
  if (!platform && (row['name'] ?? '').toLowerCase().includes('centos')) platform = 'centos';
  return compact({
    platform,
    platformLike: row['platform_like'],
    build: row['build'],
    codeName: row['codename'],
    // Windows needs the registry (os_version_windows) for its display string.
    osVersion: platform === 'windows' ? undefined : unixOsDisplay(row),
  });
}

function ingestSystemInfo(rows: readonly DetailRow[]): HostVitalsPatch {
  const row = onlyRow(rows);
  if (!row) return {};
  const q = 'system_info';
  const serial = row['hardware_serial'];
  return compact({
    hostname: row['hostname'],
    computerName: row['computer_name'],
    uuid: row['uuid'],
    cpuType: row['cpu_type'],
    cpuSubtype: row['cpu_subtype'],
    cpuBrand: cleanText(row['cpu_brand']),
    cpuPhysicalCores: intColumn(row, 'cpu_physical_cores', q),
    cpuLogicalCores: intColumn(row, 'cpu_logical_cores', q),
    memory: intColumn(row, 'physical_memory', q),
    hardwareVendor: cleanText(row['hardware_vendor']),
    hardwareModel: cleanText(row['hardware_model']),
    hardwareVersion: cleanText(row['hardware_version']),
    hardwareSerial: serial === undefined ? undefined : normalizeHardwareSerial(serial),
  });
}

function ingestOsqueryFlags(rows: readonly DetailRow[]): HostVitalsPatch {
  const q = 'osquery_flags';
  const flags = new Map(rows.map((row) => [row['name'] ?? '', row] as const));
  const flag = (name: string): number | undefined => {
    const row = flags.get(name);
    return row === undefined ? undefined : intColumn({ [name]: row['value'] ?? '' }, name, q);
  };
  // config_tls_refresh (osquery < 2.4.6) wins over its later alias config_refresh.
  return compact({
    distributedInterval: flag('distributed_interval'),
    configTlsRefresh: flag('config_tls_refresh') ?? flag('config_refresh'),
    loggerTlsPeriod: flag('logger_tls_period'),
  });
}

function ingestUsers(rows: readonly DetailRow[]): HostVitalsPatch {
  const users: HostUser[] = [];
  for (const row of rows) {
    const uid = row['uid'];
    // Broken accounts can come back without a uid.
    if (uid === undefined || uid.trim() === '') continue;
    if (!/^\d+$/.test(uid.trim())) throw osqueryError('invalid_detail_row', `users: uid must be a non-negative integer, got "${uid.slice(0, 40)}"`);
    users.push({ uid: Number(uid), username: row['username'] ?? '', type: row['type'] ?? '', groupname: row['groupname'] ?? '', shell: row['shell'] ?? '' });
  }
  // No rows means the query misbehaved, not that every account was deleted.
  return users.length === 0 ? {} : { users };
}

function ingestOrbitInfo(rows: readonly DetailRow[]): HostVitalsPatch {
  const row = onlyRow(rows);
  if (!row) return {};
  const scripts = row['scripts_enabled'];
  return compact({
    orbitVersion: row['version'],
    orbitDesktopVersion: row['desktop_version'],
    scriptsEnabled: scripts === undefined ? undefined : scripts === '1',
  });
}

/** Detail queries every osquery host (and, where noted, ChromeOS) answers. */
export const CORE_DETAIL_QUERIES: readonly DetailQuery[] = [
  {
    name: 'os_version',
    description: 'platform, platform_like, build, code name; display OS version for non-Windows hosts',
    sql: 'SELECT * FROM os_version LIMIT 1',
    platforms: 'all',
    ingest: ingestOsVersion,
  },
  {
    name: 'osquery_info',
    description: 'osquery version',
    sql: 'SELECT * FROM osquery_info LIMIT 1',
    platforms: 'all',
    ingest: (rows) => {
      const row = onlyRow(rows);
      return row?.['version'] === undefined ? {} : { osqueryVersion: row['version'] };
    },
  },
  {
    name: 'system_info',
    description: 'hostname, UUID, CPU, memory, hardware vendor/model/version/serial, computer name',
    sql: 'SELECT * FROM system_info LIMIT 1',
    platforms: 'all',
    ingest: ingestSystemInfo,
  },
  {
    name: 'osquery_flags',
    description: 'check-in intervals used for online status (distributed_interval, config refresh, logger_tls_period)',
    sql: "SELECT name, value FROM osquery_flags WHERE name IN ('distributed_interval', 'config_tls_refresh', 'config_refresh', 'logger_tls_period')",
    platforms: OSQUERY_PLATFORMS,
    ingest: ingestOsqueryFlags,
  },
  {
    name: 'uptime',
    description: 'seconds since boot',
    sql: 'SELECT * FROM uptime LIMIT 1',
    platforms: OSQUERY_PLATFORMS,
    ingest: (rows) => {
      const row = onlyRow(rows);
      return row === undefined ? {} : compact({ uptimeSeconds: intColumn(row, 'total_seconds', 'uptime') });
    },
  },
  {
    name: 'users',
    description: 'local login accounts with their primary group (system and special accounts left out)',
    sql: [
      'WITH cached_groups AS (SELECT * FROM groups)',
      'SELECT uid, uuid, username, type, groupname, shell',
      'FROM users LEFT JOIN cached_groups USING (gid)',
      "WHERE type <> 'special'",
      "  AND shell NOT LIKE '%/false' AND shell NOT LIKE '%/nologin' AND shell NOT LIKE '%/shutdown' AND shell NOT LIKE '%/halt'",
      "  AND username NOT LIKE '%$' AND username NOT LIKE '\\_%' ESCAPE '\\'",
      "  AND NOT (username = 'sync' AND shell = '/bin/sync' AND directory <> '')",
    ].join('\n'),
    platforms: OSQUERY_PLATFORMS,
    ingest: ingestUsers,
  },
  {
    name: 'orbit_info',
    description: 'fleetd (orbit) version, Fleet Desktop version, scripts enabled',
    sql: 'SELECT * FROM orbit_info',
    discovery: discoveryTable('orbit_info'),
    platforms: OSQUERY_PLATFORMS,
    ingest: ingestOrbitInfo,
  },
  {
    name: 'scheduled_query_stats',
    description: 'the host’s osquery schedule: per scheduled query executions, times, memory, output size, denylisting',
    sql: SCHEDULED_QUERY_STATS_SQL,
    platforms: OSQUERY_PLATFORMS,
    ingest: ingestScheduledQueryStats,
  },
  {
    name: 'network_interface_chrome',
    description: 'ChromeOS primary IPv4 and MAC',
    sql: 'SELECT ipv4 AS address, mac FROM network_interfaces LIMIT 1',
    platforms: ['chrome'],
    ingest: ingestNetworkInterface,
  },
  {
    name: 'os_chrome',
    description: 'ChromeOS operating system inventory row',
    sql: 'SELECT os.name, os.major, os.minor, os.patch, os.build, os.arch, os.platform, os.version AS version, os.version AS kernel_version FROM os_version os',
    platforms: ['chrome'],
    ingest: ingestUnixOperatingSystem,
  },
];
