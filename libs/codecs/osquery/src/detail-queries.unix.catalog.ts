import type { DetailQuery, DetailRow } from './detail-query.types';
import { compact, discoveryTable, linuxAnd } from './detail-ingest.util';
import { LINUX_PLATFORMS } from './host-platform';
import type { HostVitalsPatch } from './host-vitals';
import { FLEET_APPLE_MDM_PAYLOAD_IDENTIFIER, mdmNameFromServerUrl, splitUrlQuery } from './mdm-name.util';
import { networkInterfaceSql } from './network-interface.sql';
import { osqueryError } from './osquery.errors';
import { ingestDiskSpace, ingestNetworkInterface, ingestUnixOperatingSystem } from './shared-ingest.util';

const DARWIN = ['darwin'] as const;

/** Where the root filesystem's free space is read from mounts (Linux, old macOS). */
const ROOT_MOUNT_SPACE = [
  'ROUND(blocks_available * 100.0 / blocks, 2) AS percent_disk_space_available',
  'ROUND(blocks_available * blocks_size * 1e-9, 2) AS gigs_disk_space_available',
  'ROUND(blocks * blocks_size * 1e-9, 2) AS gigs_total_disk_space',
];

/** Local block-device mounts counted in gigs_all_disk_space (no removable, virtual, boot or container mounts). */
const LOCAL_DISK_MOUNTS = [
  'blocks > 0 AND blocks_size > 0',
  "AND type IN ('ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'ntfs', 'vfat', 'fuseblk')",
  "AND (device LIKE '/dev/sd%' OR device LIKE '/dev/hd%' OR device LIKE '/dev/vd%' OR device LIKE '/dev/nvme%'",
  "  OR device LIKE '/dev/mapper%' OR device LIKE '/dev/md%' OR device LIKE '/dev/dm-%')",
  "AND path NOT LIKE '/media%' AND path NOT LIKE '/mnt%' AND path NOT LIKE '/dev%' AND path NOT LIKE '/proc%'",
  "AND path NOT LIKE '/sys%' AND path NOT LIKE '/run%' AND path NOT LIKE '/var/run%' AND path NOT LIKE '/boot%'",
  "AND path NOT LIKE '/snap%' AND path NOT LIKE '/var/snap%' AND path NOT LIKE '/var/lib/docker%' AND path NOT LIKE '/var/lib/containers%'",
].join('\n  ');

/** A query FileVault reports as on for a real user (shared with key-escrow queries later). */
export const MACOS_FILEVAULT_ON_SQL = "SELECT 1 FROM disk_encryption WHERE user_uuid IS NOT '' AND filevault_status = 'on' LIMIT 1";

/** Go's strconv.ParseBool, which is what osquery's mdm extension values were written for. */
function parseBool(value: string, field: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw osqueryError('invalid_detail_row', `mdm: ${field} must be a boolean, got "${value.slice(0, 40)}"`);
}

function ingestMdmDarwin(rows: readonly DetailRow[]): HostVitalsPatch {
  // No row: the mdm extension table is not there; learn nothing.
  const row = rows[0];
  if (!row) return {};
  const enrolled = row['enrolled'] ?? '';
  if (enrolled === '') throw osqueryError('invalid_detail_row', 'mdm: enrolled is missing');
  const fromDep = row['installed_from_dep'] ?? '';
  const { base, params } = splitUrlQuery(row['server_url'] ?? '');
  const name = row['payload_identifier'] === FLEET_APPLE_MDM_PAYLOAD_IDENTIFIER ? 'Fleet' : mdmNameFromServerUrl(row['server_url'] ?? '');
  const reference = name === 'Fleet' ? params.get('enroll_reference') ?? params.get('enrollment_reference') ?? undefined : undefined;
  return {
    mdm: compact({
      enrolled: parseBool(enrolled, 'enrolled'),
      serverUrl: base,
      installedFromDep: fromDep === '' ? false : parseBool(fromDep, 'installed_from_dep'),
      name,
      enrollmentReference: reference || undefined,
    }),
  };
}

function ingestMunki(rows: readonly DetailRow[]): HostVitalsPatch {
  const row = rows[0];
  if (!row) return { munki: null };
  const list = (value: string | undefined): string[] => (value ?? '').split(';').map((s) => s.trim()).filter((s) => s !== '');
  return { munki: { version: row['version'] ?? '', errors: list(row['errors']), warnings: list(row['warnings']) } };
}

/** Detail queries for Linux distributions and macOS. */
export const UNIX_DETAIL_QUERIES: readonly DetailQuery[] = [
  {
    name: 'network_interface_unix',
    description: 'primary private IP and MAC (default-route interface)',
    sql: networkInterfaceSql('r.interface = ia.interface', 'gateway'),
    platforms: linuxAnd('darwin'),
    ingest: ingestNetworkInterface,
  },
  {
    name: 'os_unix_like',
    description: 'kernel version and the operating-system inventory row',
    sql: 'SELECT os.name, os.major, os.minor, os.patch, os.extra, os.build, os.arch, os.platform, os.version AS version, k.version AS kernel_version FROM os_version os, kernel_info k',
    platforms: linuxAnd('darwin'),
    ingest: ingestUnixOperatingSystem,
  },
  {
    name: 'disk_space_unix',
    description: 'free/total space of / and total of all local disks (GB, percent)',
    sql: `SELECT\n  ${ROOT_MOUNT_SPACE.join(',\n  ')},\n  (SELECT ROUND(SUM(blocks * blocks_size) * 1e-9, 2) FROM mounts WHERE\n  ${LOCAL_DISK_MOUNTS}) AS gigs_all_disk_space\nFROM mounts WHERE path = '/' LIMIT 1`,
    platforms: LINUX_PLATFORMS,
    ingest: ingestDiskSpace('disk_space_unix'),
  },
  {
    name: 'disk_space_darwin',
    description: 'free/total space of the APFS data volume (fleetd disk_space table)',
    sql: [
      'SELECT ROUND(bytes_available * 100.0 / bytes_total, 2) AS percent_disk_space_available,',
      '  ROUND(bytes_available * 1e-9, 2) AS gigs_disk_space_available,',
      '  ROUND(bytes_total * 1e-9, 2) AS gigs_total_disk_space',
      'FROM disk_space LIMIT 1',
    ].join('\n'),
    discovery: discoveryTable('disk_space'),
    platforms: DARWIN,
    ingest: ingestDiskSpace('disk_space_darwin'),
  },
  {
    name: 'disk_space_darwin_legacy',
    description: 'free/total space of / from mounts, for macOS hosts without the disk_space table',
    sql: `SELECT\n  ${ROOT_MOUNT_SPACE.join(',\n  ')}\nFROM mounts WHERE path = '/' LIMIT 1`,
    discovery: `SELECT 1 WHERE NOT EXISTS (${discoveryTable('disk_space')})`,
    platforms: DARWIN,
    ingest: ingestDiskSpace('disk_space_darwin_legacy'),
  },
  {
    name: 'disk_encryption_darwin',
    description: 'FileVault on (a row when enabled for a user)',
    sql: MACOS_FILEVAULT_ON_SQL,
    platforms: DARWIN,
    ingest: (rows) => ({ diskEncryptionEnabled: rows.length > 0 }),
  },
  {
    name: 'disk_encryption_linux',
    description: 'LUKS encryption of the root mount',
    sql: 'SELECT de.encrypted, m.path FROM disk_encryption de JOIN mounts m ON m.device_alias = de.name',
    platforms: LINUX_PLATFORMS,
    // The SQL stays unfiltered (osquery misreports when filtered further); pick "/" here.
    ingest: (rows) => ({ diskEncryptionEnabled: rows.some((r) => r['path'] === '/' && r['encrypted'] === '1') }),
  },
  {
    name: 'mdm',
    description: 'macOS MDM enrollment: enrolled, server URL, ADE, solution name',
    sql: 'SELECT enrolled, server_url, installed_from_dep, payload_identifier FROM mdm',
    discovery: discoveryTable('mdm'),
    platforms: DARWIN,
    ingest: ingestMdmDarwin,
  },
  {
    name: 'munki_info',
    description: 'Munki version, errors and warnings',
    sql: 'SELECT version, errors, warnings FROM munki_info',
    discovery: discoveryTable('munki_info'),
    platforms: DARWIN,
    ingest: ingestMunki,
  },
];
