// Golden expectations over Fleet's osquery-perf host templates, rendered once into __fixtures__
// (placeholders substituted as recorded in __fixtures__/SOURCES.md).
import { gzipSync } from 'node:zlib';
import { loadPerfFixture, PerfHost } from './__fixtures__/perf-fixtures';
import { decodeBody } from './body.decoder';
import { detailQueriesFor, findDetailQuery, ingestDetailResults } from './detail-queries.catalog';
import { decodeDistributedWrite } from './distributed-write.decoder';
import { decodeEnrollRequest } from './enroll.decoder';
import { vitalsFromEnrollDetails } from './enroll-vitals';
import type { HostVitalsPatch } from './host-vitals';
import { OSQUERY_LIMITS } from './osquery.limits';
import { classifyQueryName } from './query-name.parser';

const INTEL_I7 = 'Intel(R) Core(TM) i7-4770HQ CPU @ 2.20GHz';
const MEMORY_16G = 17179869184;
const FE80 = { primaryIp: 'fe80::8cb:112d:ff51:1e5d%en0', primaryMac: 'f8:2d:88:93:56:5c' };
const FLAGS = { distributedInterval: 10, configTlsRefresh: 60, loggerTlsPeriod: 99999 };
const UPTIME = { uptimeSeconds: 16691 };

interface Golden {
  enroll: HostVitalsPatch;
  /** Patch per fleet_detail_query_* answer the template has (undefined = not a catalog query). */
  detail: Record<string, HostVitalsPatch | undefined>;
}

function systemInfo(host: string, uuid: string, serial: string, extra: HostVitalsPatch): HostVitalsPatch {
  return { hostname: host, computerName: host, uuid, cpuType: 'x86_64h', cpuSubtype: 'Intel x86-64h Haswell', cpuBrand: INTEL_I7,
    cpuPhysicalCores: 4, cpuLogicalCores: 8, memory: MEMORY_16G, hardwareSerial: serial, ...extra };
}

const UBUNTU_UUID = '6D3F1E2A-22A4-4C1B-9A00-0000000022A4';
const MAC_UUID = '0A1B2C3D-1412-4E5F-8A00-000000001412';
const WIN_UUID = 'B7E0C4D2-0011-4A9B-8C00-000000000011';
const RHEL_UUID = '9E8D7C6B-0009-4B2A-9D00-000000000009';

const ubuntuOs = { platform: 'ubuntu', platformLike: 'debian', build: '', codeName: 'jammy', osVersion: 'Ubuntu 22.04.1 LTS' };
const ubuntuSys = systemInfo('perf-ubuntu1', UBUNTU_UUID, 'FLTUBU220401', { hardwareVendor: '', hardwareModel: '', hardwareVersion: '' });
const macSys = systemInfo('perf-macos01', MAC_UUID, 'C02FLT141201', { hardwareVendor: 'Apple Inc.', hardwareModel: 'MacBookPro11,4', hardwareVersion: '1.0' });
const rhelOs = { platform: 'rhel', platformLike: 'rhel', build: '', codeName: '', osVersion: 'Red Hat Enterprise Linux 9.4.0' };
const rhelSys = { ...systemInfo('perf-rhel901', RHEL_UUID, 'FLTRHEL90001', { hardwareVendor: 'Dell Inc.', hardwareModel: 'PowerEdge R750', hardwareVersion: '1.0' }),
  cpuBrand: 'Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz' };
const winSys: HostVitalsPatch = {
  hostname: 'perf-win1101', computerName: 'perf-win1101', uuid: WIN_UUID, cpuType: 'x86_64', cpuSubtype: '-1', cpuBrand: 'Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz',
  cpuPhysicalCores: 4, cpuLogicalCores: 8, memory: MEMORY_16G, hardwareVendor: 'Microsoft Corporation', hardwareModel: 'Surface Laptop 2',
  hardwareVersion: '-1', hardwareSerial: 'FLTWIN110001',
};
const WIN_VERSION = '10.0.22621.2715';

const GOLDEN: Record<PerfHost, Golden> = {
  'ubuntu_22.04': {
    enroll: { ...ubuntuOs, osqueryVersion: '5.5.1', ...ubuntuSys },
    detail: {
      network_interface_unix: FE80,
      os_version: ubuntuOs,
      os_unix_like: { kernelVersion: '5.10.76-linuxkit',
        operatingSystem: { name: 'Ubuntu', version: '22.04.1 LTS', arch: 'x86_64', kernelVersion: '5.10.76-linuxkit', platform: 'ubuntu' } },
      osquery_flags: FLAGS,
      osquery_info: { osqueryVersion: '5.5.1' },
      system_info: ubuntuSys,
      uptime: UPTIME,
    },
  },
  'macos_14.1.2': {
    // The enroll os_version still says "Mac OS X"; Fleet keeps osquery's name as-is.
    enroll: { platform: 'darwin', platformLike: 'darwin', build: '23B92', osVersion: 'Mac OS X 14.1.2', osqueryVersion: '4.6.0', ...macSys },
    detail: {
      network_interface_unix: FE80,
      os_version: { platform: 'darwin', platformLike: 'darwin', build: '23B92', codeName: '', osVersion: 'macOS 14.1.2' },
      os_unix_like: { kernelVersion: '18.7.0',
        operatingSystem: { name: 'macOS', version: '14.1.2', arch: 'x86_64', kernelVersion: '18.7.0', platform: 'darwin' } },
      osquery_flags: FLAGS,
      osquery_info: { osqueryVersion: '4.1.2' },
      system_info: macSys,
      uptime: UPTIME,
      disk_encryption_key_darwin: undefined,
      mdm_config_profiles_darwin: undefined,
    },
  },
  windows_11: {
    // Windows gets its display string from os_version_windows (registry), not from enroll.
    enroll: { platform: 'windows', platformLike: 'windows', build: '22621', osqueryVersion: '5.4.0', ...winSys },
    detail: {
      network_interface_windows: FE80,
      os_version: { platform: 'windows', platformLike: 'windows', build: '22621', codeName: 'Microsoft Windows 11 Enterprise' },
      os_version_windows: { osVersion: `Windows 11 Enterprise 22H2 ${WIN_VERSION}` },
      os_windows: { kernelVersion: WIN_VERSION, operatingSystem: { name: 'Microsoft Windows 11 Enterprise 22H2', version: WIN_VERSION, arch: 'x86_64',
        kernelVersion: WIN_VERSION, platform: 'windows', displayVersion: '22H2' } },
      osquery_flags: FLAGS,
      osquery_info: { osqueryVersion: '5.5.1' },
      system_info: winSys,
      uptime: UPTIME,
      windows_update_history: undefined,
    },
  },
  rhel_9: {
    enroll: { ...rhelOs, osqueryVersion: '5.5.1', ...rhelSys },
    detail: {
      network_interface_unix: FE80,
      os_version: rhelOs,
      os_unix_like: { kernelVersion: '5.14.0-503.26.1.el9_5.x86_64', operatingSystem: { name: 'Red Hat Enterprise Linux', version: '9.4.0',
        arch: 'x86_64', kernelVersion: '5.14.0-503.26.1.el9_5.x86_64', platform: 'rhel' } },
      osquery_flags: FLAGS,
      osquery_info: { osqueryVersion: '5.5.1' },
      system_info: rhelSys,
      uptime: UPTIME,
    },
  },
};

const HOSTS = Object.keys(GOLDEN) as PerfHost[];

describe.each(HOSTS)('osquery-perf %s', (host) => {
  const fixture = loadPerfFixture(host);
  const golden = GOLDEN[host];

  it('enroll host_details → vitals', () => {
    expect(vitalsFromEnrollDetails(decodeEnrollRequest(fixture.enroll).hostDetails)).toEqual(golden.enroll);
  });

  it('covers every detail answer in the template', () => {
    expect(Object.keys(fixture.detail_queries).map((n) => n.replace('fleet_detail_query_', '')).sort()).toEqual(Object.keys(golden.detail).sort());
  });

  it.each(Object.entries(golden.detail))('detail answer %s → patch', (name, expected) => {
    const rows = fixture.detail_queries[`fleet_detail_query_${name}`] ?? [];
    const query = findDetailQuery(name);
    if (expected === undefined) {
      expect(query).toBeUndefined();
      return;
    }
    expect(query?.ingest(rows)).toEqual(expected);
  });

  it('answers only queries its platform is sent (os_unix_like/os_windows are kernel info)', () => {
    const platform = String(fixture.enroll.host_details['os_version']?.['platform']);
    const sent = new Set(detailQueriesFor(platform).map((q) => q.name));
    const answered = Object.entries(golden.detail).filter(([, patch]) => patch !== undefined).map(([name]) => name);
    expect(answered.filter((name) => !sent.has(name))).toEqual([]);
  });

  it('a full gzipped check-in (details + labels) ingests to the merged vitals', () => {
    const queries = { ...fixture.detail_queries, ...fixture.label_queries };
    const body = gzipSync(JSON.stringify({
      node_key: 'k', queries,
      statuses: Object.fromEntries(Object.keys(queries).map((n) => [n, '0'])),
      messages: Object.fromEntries(Object.keys(queries).map((n) => [n, ''])),
    }));
    const write = decodeDistributedWrite(decodeBody(body, { contentEncoding: 'gzip', maxBytes: OSQUERY_LIMITS.distributedWriteMaxBytes }));
    const outcome = ingestDetailResults(write.results);
    const expected = Object.assign({}, golden.enroll, ...Object.values(golden.detail).filter((p) => p !== undefined)) as HostVitalsPatch;
    expect({ ...golden.enroll, ...outcome.patch }).toEqual(expected);
    expect(outcome.rejected).toEqual([]);
    expect(outcome.failed).toEqual([]);
    const labels = write.results.filter((r) => classifyQueryName(r.name).kind === 'label');
    expect(labels.map((r) => classifyQueryName(r.name))).toEqual([6, 7, 8, 9, 10, 11, 12].map((id) => ({ kind: 'label', id })));
  });
});

it('windows_11 with the simulated default serial (GetSerialNumber → "-1") blanks it', () => {
  const fixture = loadPerfFixture('windows_11');
  const details = decodeEnrollRequest(fixture.enroll).hostDetails;
  const systemInfo = { ...details['system_info'], hardware_serial: '-1' };
  expect(vitalsFromEnrollDetails({ ...details, system_info: systemInfo }).hardwareSerial).toBe('');
});
