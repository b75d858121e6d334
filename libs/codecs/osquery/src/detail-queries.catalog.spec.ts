// Inline rows below are synthetic, shaped like real osquery answers; recorded answers are in fleet-osquery-perf.spec.ts.
import { thrown } from './__fixtures__/perf-fixtures';
import { DETAIL_QUERIES, detailQueriesFor, findDetailQuery, ingestDetailResults } from './detail-queries.catalog';
import type { DetailQuery, DetailRow } from './detail-query.types';
import { lastRestartedAt } from './host-vitals';

function query(name: string): DetailQuery {
  const q = findDetailQuery(name);
  if (!q) throw new Error(`no detail query ${name}`);
  return q;
}
const ingest = (name: string, rows: DetailRow[]) => query(name).ingest(rows);

/** Strips SQL string literals, then checks parentheses balance and no quote is left open. */
function sqlLooksBalanced(sql: string): boolean {
  const unquoted = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');
  if (/['"]/.test(unquoted.replace(/''|""/g, ''))) return false;
  let depth = 0;
  for (const ch of unquoted) {
    depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

const CORE = ['os_version', 'osquery_info', 'system_info'];
const OSQUERY = [...CORE, 'osquery_flags', 'uptime', 'users', 'orbit_info', 'scheduled_query_stats'];
const LINUX = [...OSQUERY, 'network_interface_unix', 'os_unix_like', 'disk_space_unix', 'disk_encryption_linux'];
const DARWIN = [
  ...OSQUERY, 'network_interface_unix', 'os_unix_like', 'disk_space_darwin', 'disk_space_darwin_legacy', 'disk_encryption_darwin', 'mdm', 'munki_info',
];
const WINDOWS = [
  ...OSQUERY, 'os_version_windows', 'os_windows', 'network_interface_windows', 'disk_space_windows', 'disk_encryption_windows', 'mdm_windows',
];
const CHROME = [...CORE, 'network_interface_chrome', 'os_chrome'];

describe('DETAIL_QUERIES', () => {
  it.each(DETAIL_QUERIES.map((q) => [q.name, q] as const))('%s has non-empty, balanced SQL and a platform target', (_name, q) => {
    expect(typeof q.sql).toBe('string');
    expect(q.sql.trim()).not.toBe('');
    expect(sqlLooksBalanced(q.sql)).toBe(true);
    if (q.discovery !== undefined) {
      expect(q.discovery.trim()).not.toBe('');
      expect(sqlLooksBalanced(q.discovery)).toBe(true);
    }
    expect(q.platforms === 'all' || q.platforms.length > 0).toBe(true);
    expect(q.description).not.toBe('');
    expect(q.name.startsWith('fleet_')).toBe(false);
  });

  it('has unique names and no software queries (a later issue)', () => {
    const names = DETAIL_QUERIES.map((q) => q.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.startsWith('software'))).toEqual([]);
  });

  it('gates extension-table queries behind discovery', () => {
    for (const name of ['orbit_info', 'mdm', 'munki_info', 'disk_space_darwin']) {
      expect(query(name).discovery).toContain('osquery_registry');
    }
    expect(query('disk_space_darwin_legacy').discovery).toContain('NOT EXISTS');
  });
});

describe('detailQueriesFor', () => {
  const families: Array<[string, string[]]> = [
    ['darwin', DARWIN],
    ['windows', WINDOWS],
    ['chrome', CHROME],
    ['', CORE],
    ['plan9', CORE],
    ...['ubuntu', 'debian', 'rhel', 'centos', 'fedora', 'amzn', 'sles', 'arch', 'linuxmint', 'opensuse-leap', 'rocky'].map((p): [string, string[]] => [p, LINUX]),
  ];
  it.each(families)('%j gets its family', (platform, expected) => {
    expect(detailQueriesFor(platform).map((q) => q.name).sort()).toEqual([...expected].sort());
  });

  it('is case-insensitive', () => {
    expect(detailQueriesFor(' Ubuntu ').map((q) => q.name).sort()).toEqual([...LINUX].sort());
  });
});

describe('findDetailQuery', () => {
  it('finds by bare and by distributed name', () => {
    expect(findDetailQuery('uptime')?.name).toBe('uptime');
    expect(findDetailQuery('fleet_detail_query_uptime')?.name).toBe('uptime');
    expect(findDetailQuery('fleet_detail_query_software_macos')).toBeUndefined();
  });
});

describe('detail ingest', () => {
  it.each([
    ['-1', ''], ['0', ''], ['000000', ''], ['Default string', ''], ['To Be Filled By O.E.M.', ''], ['Not Specified', ''],
    ['System Serial Number', ''], ['none', ''], [' ', ''], [' C02XYZ123 ', 'C02XYZ123'], ['PF3ABCDE', 'PF3ABCDE'], ['VMware-56 4d 1a', 'VMware-56 4d 1a'],
  ])('system_info serial %j → %j', (serial, expected) => {
    expect(ingest('system_info', [{ hardware_serial: serial }])).toEqual({ hardwareSerial: expected });
  });

  it('system_info strips NUL padding, reads "" as 0 and refuses non-numeric memory', () => {
    expect(ingest('system_info', [{ cpu_brand: 'Intel(R) Core(TM)\u0000\u0000', cpu_logical_cores: '', physical_memory: '8589934592' }])).toEqual({
      cpuBrand: 'Intel(R) Core(TM)', cpuLogicalCores: 0, memory: 8589934592,
    });
    const err = thrown(() => ingest('system_info', [{ physical_memory: '16 GB' }]));
    expect(err.code).toBe('invalid_detail_row');
    expect(err.message).toContain('physical_memory');
  });

  it.each(['system_info', 'os_version', 'osquery_info', 'uptime', 'orbit_info', 'os_unix_like', 'os_windows', 'os_version_windows', 'disk_space_unix'])(
    '%s learns nothing from zero or several rows',
    (name) => {
      expect(ingest(name, [])).toEqual({});
      expect(ingest(name, [{ version: '1' }, { version: '2' }])).toEqual({});
    },
  );

  it.each([
    ['current flags', [{ name: 'distributed_interval', value: '10' }, { name: 'config_refresh', value: '60' }, { name: 'logger_tls_period', value: '10' }],
      { distributedInterval: 10, configTlsRefresh: 60, loggerTlsPeriod: 10 }],
    ['config_tls_refresh wins over config_refresh', [{ name: 'config_refresh', value: '5' }, { name: 'config_tls_refresh', value: '300' }], { configTlsRefresh: 300 }],
    ['an empty value is 0', [{ name: 'distributed_interval', value: '' }], { distributedInterval: 0 }],
    ['no rows', [], {}],
  ])('osquery_flags: %s', (_name, rows, expected) => {
    expect(ingest('osquery_flags', rows)).toEqual(expected);
  });

  it('osquery_flags refuses a non-integer interval, naming the flag', () => {
    expect(thrown(() => ingest('osquery_flags', [{ name: 'logger_tls_period', value: '10s' }])).message).toContain('logger_tls_period');
  });

  it.each([
    ['private IPv4 over loopback and link-local', [{ address: '127.0.0.1', mac: '00' }, { address: 'fe80::1%en0', mac: 'aa' }, { address: '192.168.1.5', mac: 'bb' }], '192.168.1.5', 'bb'],
    ['unique-local IPv6 over global IPv6', [{ address: '2001:db8::1', mac: 'aa' }, { address: 'fd00::1', mac: 'bb' }], 'fd00::1', 'bb'],
    ['any IPv4 over IPv6', [{ address: 'fd00::2', mac: 'aa' }, { address: '100.64.0.1', mac: 'bb' }], '100.64.0.1', 'bb'],
    ['172.16/12 is private, 172.32 is not', [{ address: '172.32.0.1', mac: 'aa' }, { address: '172.31.9.9', mac: 'bb' }], '172.31.9.9', 'bb'],
    ['docker interfaces skipped', [{ interface: 'docker0', address: '172.17.0.1', mac: 'aa' }, { interface: 'eth0', address: '10.0.0.4', mac: 'bb' }], '10.0.0.4', 'bb'],
    ['the only row when nothing ranks (link-local)', [{ address: 'fe80::8cb:112d:ff51:1e5d%en0', mac: 'f8:2d:88:93:56:5c' }], 'fe80::8cb:112d:ff51:1e5d%en0', 'f8:2d:88:93:56:5c'],
  ])('network_interface: %s', (_name, rows, ip, mac) => {
    expect(ingest('network_interface_unix', rows)).toEqual({ primaryIp: ip, primaryMac: mac });
    expect(ingest('network_interface_windows', rows)).toEqual({ primaryIp: ip, primaryMac: mac });
  });

  it('network_interface learns nothing from no rows or loopback only', () => {
    expect(ingest('network_interface_unix', [])).toEqual({});
    expect(ingest('network_interface_unix', [{ address: '127.0.0.1', mac: '00:00:00:00:00:00' }, { address: '::1', mac: '' }])).toEqual({});
  });

  it.each([
    ['disk_space_unix', { percent_disk_space_available: '45.5', gigs_disk_space_available: '100.12', gigs_total_disk_space: '250', gigs_all_disk_space: '500.5' },
      { percentDiskSpaceAvailable: 45.5, gigsDiskSpaceAvailable: 100.12, gigsTotalDiskSpace: 250, gigsAllDiskSpace: 500.5 }],
    ['disk_space_unix', { percent_disk_space_available: '45', gigs_disk_space_available: '1', gigs_total_disk_space: '2', gigs_all_disk_space: '' },
      { percentDiskSpaceAvailable: 45, gigsDiskSpaceAvailable: 1, gigsTotalDiskSpace: 2 }],
    ['disk_space_darwin', { percent_disk_space_available: '12.34', gigs_disk_space_available: '61.7', gigs_total_disk_space: '499.96' },
      { percentDiskSpaceAvailable: 12.34, gigsDiskSpaceAvailable: 61.7, gigsTotalDiskSpace: 499.96 }],
    ['disk_space_windows', { percent_disk_space_available: '', gigs_disk_space_available: '', gigs_total_disk_space: '' },
      { percentDiskSpaceAvailable: 0, gigsDiskSpaceAvailable: 0, gigsTotalDiskSpace: 0 }],
  ])('%s %j', (name, row, expected) => {
    expect(ingest(name, [row])).toEqual(expected);
  });

  it.each([
    ['disk_encryption_darwin', [], false],
    ['disk_encryption_darwin', [{ '1': '1' }], true],
    ['disk_encryption_windows', [{ encrypted: '1' }], true],
    ['disk_encryption_windows', [], false],
    ['disk_encryption_linux', [{ encrypted: '1', path: '/boot' }, { encrypted: '0', path: '/' }], false],
    ['disk_encryption_linux', [{ encrypted: '0', path: '/home' }, { encrypted: '1', path: '/' }], true],
  ])('%s %j → %s', (name, rows, enabled) => {
    expect(ingest(name, rows)).toEqual({ diskEncryptionEnabled: enabled });
  });

  it('users: keeps accounts with a uid, skips broken ones, refuses non-numeric uids', () => {
    expect(ingest('users', [
      { uid: '501', uuid: 'U', username: 'alice', type: '', groupname: 'staff', shell: '/bin/zsh' },
      { uid: '', username: 'broken' },
      { uid: '1001', username: 'bob', type: 'local', groupname: 'bob', shell: '/bin/bash' },
    ])).toEqual({ users: [
      { uid: 501, username: 'alice', type: '', groupname: 'staff', shell: '/bin/zsh' },
      { uid: 1001, username: 'bob', type: 'local', groupname: 'bob', shell: '/bin/bash' },
    ] });
    expect(ingest('users', [])).toEqual({});
    expect(thrown(() => ingest('users', [{ uid: 'S-1-5-21', username: 'x' }])).message).toContain('uid');
  });

  it.each([
    ['Fleet MDM with an enroll reference', { enrolled: 'true', server_url: 'https://fleet.example.com/mdm/apple/mdm?enroll_reference=abc&x=1', installed_from_dep: 'true', payload_identifier: 'com.fleetdm.fleet.mdm.apple' },
      { enrolled: true, serverUrl: 'https://fleet.example.com/mdm/apple/mdm', installedFromDep: true, name: 'Fleet', enrollmentReference: 'abc' }],
    ['Jamf, manual', { enrolled: '1', server_url: 'https://acme.jamfcloud.com/mdm/ServerURL', installed_from_dep: '0', payload_identifier: 'x' },
      { enrolled: true, serverUrl: 'https://acme.jamfcloud.com/mdm/ServerURL', installedFromDep: false, name: 'Jamf' }],
    ['pending ADE, unknown vendor', { enrolled: 'false', server_url: 'https://mdm.acme.test/checkin', installed_from_dep: 'true' },
      { enrolled: false, serverUrl: 'https://mdm.acme.test/checkin', installedFromDep: true }],
    ['not enrolled, no DEP value', { enrolled: 'false', server_url: '', installed_from_dep: '' }, { enrolled: false, serverUrl: '', installedFromDep: false }],
  ])('mdm (darwin): %s', (_name, row, mdm) => {
    expect(ingest('mdm', [row])).toEqual({ mdm });
  });

  it('mdm (darwin): no row learns nothing; a missing or odd enrolled value is refused', () => {
    expect(ingest('mdm', [])).toEqual({});
    expect(thrown(() => ingest('mdm', [{ enrolled: '', server_url: '' }])).code).toBe('invalid_detail_row');
    expect(thrown(() => ingest('mdm', [{ enrolled: 'yes' }])).message).toContain('enrolled');
  });

  it.each([
    ['no enrollment', [], { enrolled: false, serverUrl: '', installedFromDep: false }],
    ['Intune via Azure AD', [{ discovery_service_url: 'https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc', aad_resource_id: 'https://x', provider_id: 'MS DM Server', installation_type: 'Client' }],
      { enrolled: true, serverUrl: 'https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc', installedFromDep: true, name: 'Intune', isServer: false }],
    ['Fleet, manual', [{ discovery_service_url: 'https://fleet.example.com/api/mdm/microsoft/discovery', aad_resource_id: '', provider_id: 'Fleet', installation_type: 'Client' }],
      { enrolled: true, serverUrl: 'https://fleet.example.com/api/mdm/microsoft/discovery', installedFromDep: false, name: 'Fleet', isServer: false }],
    ['a server without enrollment', [{ discovery_service_url: '', aad_resource_id: '', provider_id: '', installation_type: 'Server' }],
      { enrolled: false, serverUrl: '', installedFromDep: false, isServer: true }],
  ])('mdm_windows: %s', (_name, rows, mdm) => {
    expect(ingest('mdm_windows', rows)).toEqual({ mdm });
  });

  it('munki_info: absent → null; errors and warnings split on ";"', () => {
    expect(ingest('munki_info', [])).toEqual({ munki: null });
    expect(ingest('munki_info', [{ version: '6.3.1', errors: 'a failed; b failed;', warnings: '' }])).toEqual({
      munki: { version: '6.3.1', errors: ['a failed', 'b failed'], warnings: [] },
    });
  });

  it('orbit_info: version, desktop version, scripts', () => {
    expect(ingest('orbit_info', [{ version: '1.20.0', desktop_version: '1.20.0', scripts_enabled: '1' }])).toEqual({
      orbitVersion: '1.20.0', orbitDesktopVersion: '1.20.0', scriptsEnabled: true,
    });
    expect(ingest('orbit_info', [{ version: '1.0.0' }])).toEqual({ orbitVersion: '1.0.0' });
  });

  it.each([
    ['CentOS 6 with an empty platform', { name: 'CentOS', platform: '', major: '6', minor: '10', patch: '0', build: '' },
      { platform: 'centos', build: '', osVersion: 'CentOS 6.10.0' }],
    ['macOS with a Rapid Security Response', { name: 'macOS', platform: 'darwin', platform_like: 'darwin', major: '13', minor: '4', patch: '1', build: '22F770820d', extra: '(a)', codename: '' },
      { platform: 'darwin', platformLike: 'darwin', build: '22F770820d', codeName: '', osVersion: 'macOS 13.4.1 (a)' }],
    ['ChromeOS', { name: 'chromeos', platform: 'chrome', version: '120.0.6099.235', major: '0', minor: '0', patch: '0' },
      { platform: 'chrome', osVersion: 'chromeos 120.0.6099.235' }],
    ['Debian with only a build', { name: 'Debian GNU/Linux', platform: 'debian', major: '0', minor: '0', patch: '0', build: 'trixie/sid' },
      { platform: 'debian', build: 'trixie/sid', osVersion: 'Debian GNU/Linux trixie/sid' }],
    ['Windows (display string comes from os_version_windows)', { name: 'Microsoft Windows 11 Pro', platform: 'windows', build: '22631' },
      { platform: 'windows', build: '22631' }],
  ])('os_version: %s', (_name, row, expected) => {
    expect(ingest('os_version', [row])).toEqual(expected);
  });

  it.each([
    ['Server Core', { name: 'Microsoft Windows Server 2022 Datacenter', display_version: '21H2', version: '10.0.20348.2113', installation_type: 'Server Core' },
      'Windows Server 2022 Datacenter 21H2 (Server Core) 10.0.20348.2113'],
    ['no DisplayVersion (Server 2019)', { name: 'Microsoft Windows Server 2019 Standard', display_version: '', version: '10.0.17763.5122', installation_type: 'Server' },
      'Windows Server 2019 Standard 10.0.17763.5122'],
  ])('os_version_windows: %s', (_name, row, osVersion) => {
    expect(ingest('os_version_windows', [row])).toEqual({ osVersion });
  });

  it('os_unix_like drops " ARM" from Arch Linux names', () => {
    expect(ingest('os_unix_like', [{ name: 'Arch Linux ARM', platform: 'arch', major: '0', minor: '0', patch: '0', build: 'rolling', arch: 'aarch64', kernel_version: '6.6.1-1-aarch64-ARCH' }])).toEqual({
      kernelVersion: '6.6.1-1-aarch64-ARCH',
      operatingSystem: { name: 'Arch Linux', version: 'rolling', arch: 'aarch64', kernelVersion: '6.6.1-1-aarch64-ARCH', platform: 'arch' },
    });
  });

  // A row as osquery 5.12 answers Fleet's SQL (osquery_schedule + the pack delimiter).
  const scheduleRow = (over: Record<string, string>): Record<string, string> => ({
    name: 'pack/Global/usb_devices', query: 'SELECT * FROM usb_devices', interval: '3600', executions: '4', last_executed: '1746525600',
    denylisted: '0', output_size: '2048', wall_time: '1', wall_time_ms: '1250', user_time: '300', system_time: '120', average_memory: '4194304', delimiter: '/',
    ...over,
  });

  it('scheduled_query_stats reads Global, team and legacy pack entries with any delimiter', () => {
    expect(ingest('scheduled_query_stats', [
      scheduleRow({}),
      scheduleRow({ name: 'pack::team-7::ports::tcp', delimiter: '::', executions: '0', last_executed: '0', denylisted: '1', wall_time_ms: '', wall_time: '' }),
      scheduleRow({ name: 'pack/incident-response/arp_cache' }),
    ])).toEqual({
      scheduledQueryStats: [
        { query: { scope: 'global', queryName: 'usb_devices' }, interval: 3600, executions: 4, lastExecuted: 1746525600, denylisted: false, outputSize: 2048, wallTimeMs: 1250, userTime: 300, systemTime: 120, averageMemory: 4194304 },
        { query: { scope: 'team', teamId: 7, queryName: 'ports::tcp' }, interval: 3600, executions: 0, lastExecuted: null, denylisted: true, outputSize: 2048, wallTimeMs: 0, userTime: 300, systemTime: 120, averageMemory: 4194304 },
        { query: { scope: 'legacy_pack', packName: 'incident-response', queryName: 'arp_cache' }, interval: 3600, executions: 4, lastExecuted: 1746525600, denylisted: false, outputSize: 2048, wallTimeMs: 1250, userTime: 300, systemTime: 120, averageMemory: 4194304 },
      ],
    });
  });

  it('scheduled_query_stats takes wall_time (seconds) when osquery has no wall_time_ms, and skips rows naming no pack query', () => {
    const old = scheduleRow({ wall_time: '3' });
    delete old['wall_time_ms'];
    const { scheduledQueryStats } = ingest('scheduled_query_stats', [
      old,
      scheduleRow({ delimiter: '' }),
      scheduleRow({ name: 'my_own_query' }),
      scheduleRow({ name: 'pack/Global' }),
      scheduleRow({ name: 'pack//q' }),
    ]);
    expect(scheduledQueryStats?.map((s) => [s.query, s.wallTimeMs])).toEqual([[{ scope: 'global', queryName: 'usb_devices' }, 3000]]);
    expect(ingest('scheduled_query_stats', [])).toEqual({ scheduledQueryStats: [] });
  });

  it('scheduled_query_stats refuses non-integer counters, naming the column', () => {
    const err = thrown(() => ingest('scheduled_query_stats', [scheduleRow({ executions: 'many' })]));
    expect(err.code).toBe('invalid_detail_row');
    expect(err.message).toContain('executions');
    expect(thrown(() => ingest('scheduled_query_stats', [scheduleRow({ output_size: '-5' })])).message).toContain('output_size');
  });

  it('lastRestartedAt subtracts uptime from the caller-supplied clock', () => {
    expect(lastRestartedAt(16691, new Date('2025-05-06T10:00:00Z')).toISOString()).toBe('2025-05-06T05:21:49.000Z');
  });
});

describe('ingestDetailResults', () => {
  it('merges detail patches, skips failed queries, reports bad rows and ignores non-detail results', () => {
    const outcome = ingestDetailResults([
      { name: 'fleet_detail_query_uptime', rows: [{ total_seconds: '60' }], status: 0, message: '' },
      { name: 'fleet_detail_query_munki_info', rows: [], status: 1, message: 'no such table: munki_info' },
      { name: 'fleet_detail_query_system_info', rows: [{ physical_memory: 'lots' }], status: 0, message: '' },
      { name: 'fleet_detail_query_disk_encryption_darwin', rows: [], status: 0, message: '' },
      { name: 'fleet_detail_query_windows_update_history', rows: [{ date: '1', title: 't' }], status: 0, message: '' },
      { name: 'fleet_label_query_6', rows: [{ '1': '1' }], status: 0, message: '' },
    ]);
    expect(outcome.patch).toEqual({ uptimeSeconds: 60, diskEncryptionEnabled: false });
    expect(outcome.ingested).toEqual(['uptime', 'disk_encryption_darwin']);
    expect(outcome.failed).toEqual([{ name: 'munki_info', status: 1, message: 'no such table: munki_info' }]);
    expect(outcome.rejected.map((r) => [r.name, r.error.code])).toEqual([['system_info', 'invalid_detail_row']]);
  });
});
