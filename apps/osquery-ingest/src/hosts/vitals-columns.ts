import type { HostVitalsPatch } from '@flotilla/codec-osquery';
import type { HostColumns } from './hosts.repository';

/** Vitals fields stored one to one in `hosts` columns of the same name. */
const DIRECT = [
  'hostname',
  'computerName',
  'uuid',
  'platform',
  'platformLike',
  'osVersion',
  'build',
  'codeName',
  'kernelVersion',
  'osqueryVersion',
  'cpuType',
  'cpuSubtype',
  'cpuBrand',
  'cpuPhysicalCores',
  'cpuLogicalCores',
  'memory',
  'hardwareVendor',
  'hardwareModel',
  'hardwareVersion',
  'hardwareSerial',
  'primaryIp',
  'primaryMac',
  'gigsDiskSpaceAvailable',
  'percentDiskSpaceAvailable',
  'gigsTotalDiskSpace',
  'diskEncryptionEnabled',
  'distributedInterval',
  'configTlsRefresh',
  'loggerTlsPeriod',
  'orbitVersion',
] as const satisfies ReadonlyArray<keyof HostVitalsPatch & keyof HostColumns>;

/** The `hosts` columns a vitals patch updates (only the fields the patch carries). */
export function vitalsToColumns(patch: HostVitalsPatch): HostColumns {
  const columns: Record<string, unknown> = {};
  for (const key of DIRECT) if (patch[key] !== undefined) columns[key] = patch[key];
  if (patch.uptimeSeconds !== undefined) columns['uptime'] = patch.uptimeSeconds;
  if (patch.users !== undefined) columns['users'] = patch.users.map((u) => ({ ...u, uid: String(u.uid) }));
  if (patch.mdm !== undefined) {
    const { enrolled, serverUrl, installedFromDep, name } = patch.mdm;
    columns['mdm'] = { enrolled, serverUrl, installedFromDep, ...(name ? { name } : {}) };
  }
  return columns as HostColumns;
}
