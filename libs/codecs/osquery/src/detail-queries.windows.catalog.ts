import type { DetailQuery, DetailRow } from './detail-query.types';
import { compact, onlyRow } from './detail-ingest.util';
import type { HostVitalsPatch } from './host-vitals';
import { mdmNameFromServerUrl } from './mdm-name.util';
import { networkInterfaceSql } from './network-interface.sql';
import { windowsOsName } from './os-version.util';
import { ingestDiskSpace, ingestNetworkInterface } from './shared-ingest.util';

const WINDOWS = ['windows'] as const;
const CURRENT_VERSION_KEY = String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion`;

/**
 * Windows version facts the os_version table lacks: DisplayVersion ("22H2"), the UBR (4th part of
 * the build, read from the registry because kernel_info misreports it on some Windows 10 builds)
 * and InstallationType ("Server Core"). Every registry value is optional (Server 2019 has no
 * DisplayVersion), so they come in through scalar sub-queries and never drop the row.
 */
function windowsVersionSql(extraColumns: readonly string[]): string {
  return [
    'WITH cv AS (',
    `  SELECT name, data FROM registry WHERE key = '${CURRENT_VERSION_KEY}'`,
    "    AND name IN ('DisplayVersion', 'UBR', 'InstallationType')",
    ')',
    'SELECT',
    '  os.name,',
    ...extraColumns.map((c) => `  ${c},`),
    "  COALESCE((SELECT data FROM cv WHERE name = 'DisplayVersion'), '') AS display_version,",
    "  COALESCE(os.version || '.' || (SELECT data FROM cv WHERE name = 'UBR'), k.version) AS version,",
    "  COALESCE((SELECT data FROM cv WHERE name = 'InstallationType'), '') AS installation_type",
    'FROM os_version os, kernel_info k',
  ].join('\n');
}

/** The 4-part build ("10.0.22621.2715"): `version` when it has the UBR, else kernel_version. */
function fullWindowsVersion(row: DetailRow): string {
  const version = row['version'] ?? '';
  if (version.split('.').length >= 4) return version;
  return row['kernel_version'] || version;
}

function ingestOsVersionWindows(rows: readonly DetailRow[]): HostVitalsPatch {
  const row = onlyRow(rows);
  if (!row) return {};
  return { osVersion: `${windowsOsName(row, true)} ${row['version'] ?? ''}`.trim() };
}

function ingestOsWindows(rows: readonly DetailRow[]): HostVitalsPatch {
  const row = onlyRow(rows);
  if (!row) return {};
  const version = fullWindowsVersion(row);
  const displayVersion = row['display_version'] ?? '';
  return {
    kernelVersion: version,
    operatingSystem: compact({
      name: windowsOsName(row, false),
      version,
      arch: row['arch'] ?? '',
      kernelVersion: version,
      platform: row['platform'] ?? 'windows',
      displayVersion: displayVersion === '' ? undefined : displayVersion,
    }),
  };
}

function ingestMdmWindows(rows: readonly DetailRow[]): HostVitalsPatch {
  // No enrollment in the registry: not enrolled. Several rows: ambiguous, learn nothing.
  if (rows.length === 0) return { mdm: { enrolled: false, serverUrl: '', installedFromDep: false } };
  const row = onlyRow(rows);
  if (!row) return {};
  const serverUrl = row['discovery_service_url'] ?? '';
  const enrolled = serverUrl !== '';
  const name = !enrolled ? undefined : row['provider_id'] === 'Fleet' ? 'Fleet' : mdmNameFromServerUrl(serverUrl);
  return {
    mdm: compact({
      enrolled,
      serverUrl,
      // Azure AD-joined enrollments are automatic (Autopilot/OOBE); the service may refine this
      // with its own enrollment record (NotInOOBE).
      installedFromDep: enrolled && (row['aad_resource_id'] ?? '') !== '',
      name,
      isServer: (row['installation_type'] ?? '').toLowerCase().includes('server'),
    }),
  };
}

/** Detail queries for Windows hosts. */
export const WINDOWS_DETAIL_QUERIES: readonly DetailQuery[] = [
  {
    name: 'os_version_windows',
    description: 'Windows display version: "Windows 11 Enterprise 22H2 10.0.22621.2715"',
    sql: windowsVersionSql([]),
    platforms: WINDOWS,
    ingest: ingestOsVersionWindows,
  },
  {
    name: 'os_windows',
    description: 'kernel version and the operating-system inventory row',
    sql: windowsVersionSql(['os.platform', 'os.arch', 'k.version AS kernel_version']),
    platforms: WINDOWS,
    ingest: ingestOsWindows,
  },
  {
    name: 'network_interface_windows',
    description: 'primary private IP and MAC (default-route interface)',
    sql: networkInterfaceSql('r.interface = ia.address', 'remote'),
    platforms: WINDOWS,
    ingest: ingestNetworkInterface,
  },
  {
    name: 'disk_space_windows',
    description: 'free/total space of NTFS logical drives (GB, percent)',
    sql: [
      'SELECT ROUND(SUM(free_space) * 100.0 / SUM(size), 2) AS percent_disk_space_available,',
      '  ROUND(SUM(free_space) * 1e-9, 2) AS gigs_disk_space_available,',
      '  ROUND(SUM(size) * 1e-9, 2) AS gigs_total_disk_space',
      "FROM logical_drives WHERE file_system = 'NTFS'",
    ].join('\n'),
    platforms: WINDOWS,
    ingest: ingestDiskSpace('disk_space_windows'),
  },
  {
    name: 'disk_encryption_windows',
    description: 'BitLocker protection on C: (a row when on)',
    // bitlocker_info crashes the query when the optional BitLocker component exists but is not
    // installed, so it is only read when the feature is absent (built in) or installed.
    sql: [
      'SELECT 1 AS encrypted WHERE (',
      "  CASE WHEN EXISTS (SELECT 1 FROM windows_optional_features WHERE name = 'BitLocker' AND state <> 1)",
      '    THEN NULL',
      "    ELSE (SELECT 1 FROM bitlocker_info WHERE drive_letter = 'C:' AND protection_status = 1)",
      '  END',
      ') IS NOT NULL',
    ].join('\n'),
    platforms: WINDOWS,
    ingest: (rows) => ({ diskEncryptionEnabled: rows.length > 0 }),
  },
  {
    name: 'mdm_windows',
    description: 'Windows MDM enrollment from the registry: discovery URL, provider, Azure AD, installation type',
    sql: [
      'WITH enrollments AS (',
      '  SELECT key,',
      "    MAX(CASE WHEN name = 'UPN' THEN data END) AS upn,",
      "    MAX(CASE WHEN name = 'DiscoveryServiceFullURL' THEN data END) AS discovery_service_url,",
      "    MAX(CASE WHEN name = 'ProviderID' THEN data END) AS provider_id,",
      "    MAX(CASE WHEN name = 'EnrollmentState' THEN data END) AS state,",
      "    MAX(CASE WHEN name = 'AADResourceID' THEN data END) AS aad_resource_id",
      // '%%' is osquery's recursive registry glob.
      String.raw`  FROM registry WHERE path LIKE 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Enrollments\%%'`,
      '  GROUP BY key',
      '),',
      'installation AS (',
      `  SELECT data AS installation_type FROM registry WHERE path = '${CURRENT_VERSION_KEY}\\InstallationType' LIMIT 1`,
      ')',
      'SELECT e.aad_resource_id, e.discovery_service_url, e.provider_id, i.installation_type',
      'FROM installation i LEFT JOIN enrollments e ON e.upn IS NOT NULL',
      // Unknown (no state: servers, old agents), enrolled, pending reset or failed.
      "WHERE COALESCE(e.state, '0') IN ('0', '1', '2', '3')",
      // Stale enrollments linger: prefer the one with a real discovery URL.
      'ORDER BY LENGTH(e.discovery_service_url) DESC',
      'LIMIT 1',
    ].join('\n'),
    platforms: WINDOWS,
    ingest: ingestMdmWindows,
  },
];
