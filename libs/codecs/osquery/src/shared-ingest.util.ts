import type { DetailRow } from './detail-query.types';
import { compact, floatColumn, onlyRow } from './detail-ingest.util';
import type { HostVitalsPatch } from './host-vitals';
import { osVersionNumber } from './os-version.util';
import { choosePrimaryInterface } from './primary-interface.util';

/** Shared by network_interface_unix / _windows / _chrome. */
export function ingestNetworkInterface(rows: readonly DetailRow[]): HostVitalsPatch {
  const primary = choosePrimaryInterface(rows);
  return primary === undefined ? {} : { primaryIp: primary.address, primaryMac: primary.mac };
}

/** Shared by os_unix_like / os_chrome: kernel version and the OS inventory row. */
export function ingestUnixOperatingSystem(rows: readonly DetailRow[]): HostVitalsPatch {
  const row = onlyRow(rows);
  if (!row) return {};
  let name = row['name'] ?? '';
  if (name.startsWith('Arch Linux')) name = name.replace(/ ARM$/, '');
  const kernelVersion = row['kernel_version'] ?? '';
  return {
    kernelVersion,
    operatingSystem: { name, version: osVersionNumber(row), arch: row['arch'] ?? '', kernelVersion, platform: row['platform'] ?? '' },
  };
}

/** Shared by every disk_space_* query. */
export function ingestDiskSpace(query: string) {
  return (rows: readonly DetailRow[]): HostVitalsPatch => {
    const row = onlyRow(rows);
    if (!row) return {};
    const all = row['gigs_all_disk_space'];
    return compact({
      percentDiskSpaceAvailable: floatColumn(row, 'percent_disk_space_available', query),
      gigsDiskSpaceAvailable: floatColumn(row, 'gigs_disk_space_available', query),
      gigsTotalDiskSpace: floatColumn(row, 'gigs_total_disk_space', query),
      // "" means the sub-query failed: a host never has 0 bytes of disk, so leave it unknown.
      gigsAllDiskSpace: all === undefined || all.trim() === '' ? undefined : floatColumn(row, 'gigs_all_disk_space', query),
    });
  };
}
