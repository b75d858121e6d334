import { HOST_TEMPLATE_NAMES, HostTemplate, type HostTemplateVars } from './host-template';
import { deriveHostIdentity } from './host-identity';

const VARS: HostTemplateVars = {
  uuid: '0f5b8c1e-1111-4222-8333-444455556666',
  hostname: 'simhost01abc',
  serialNumber: 'C02SIMSERIAL',
  enrollSecret: 's3cr3t',
  distributedIntervalSeconds: 10,
  configIntervalSeconds: 60,
  diskEncryptionEnabled: false,
};

const COMMON_QUERIES = [
  'fleet_detail_query_os_version',
  'fleet_detail_query_osquery_flags',
  'fleet_detail_query_osquery_info',
  'fleet_detail_query_system_info',
  'fleet_detail_query_uptime',
  ...[6, 7, 8, 9, 10, 11, 12].map((id) => `fleet_label_query_${id}`),
];

const CASES = [
  { name: 'ubuntu_22.04', platform: 'ubuntu', family: 'linux', platformType: '16', labels: [6, 8, 12], extra: ['fleet_detail_query_os_unix_like', 'fleet_detail_query_network_interface_unix'] },
  { name: 'macos_14.1.2', platform: 'darwin', family: 'darwin', platformType: '16', labels: [6, 7], extra: ['fleet_detail_query_disk_encryption_key_darwin', 'fleet_detail_query_mdm_config_profiles_darwin'] },
  { name: 'windows_11', platform: 'windows', family: 'windows', platformType: '2', labels: [6, 10], extra: ['fleet_detail_query_os_windows', 'fleet_detail_query_os_version_windows', 'fleet_detail_query_windows_update_history'] },
  { name: 'rhel_9', platform: 'rhel', family: 'linux', platformType: '16', labels: [6, 11, 12], extra: ['fleet_detail_query_os_unix_like', 'fleet_detail_query_network_interface_unix'] },
] as const;

describe('HostTemplate (osquery-perf templates)', () => {
  it('ships exactly the four templates', () => {
    expect([...HOST_TEMPLATE_NAMES].sort()).toEqual(CASES.map((c) => c.name).sort());
  });

  describe.each(CASES)('$name', (c) => {
    const rendered = HostTemplate.load(c.name).render(VARS);

    it('renders a complete enroll body with the identity substituted', () => {
      const body = rendered.enrollBody;
      expect(body.enroll_secret).toBe('s3cr3t');
      expect(body.host_identifier).toBe(VARS.uuid);
      expect(body.platform_type).toBe(c.platformType);
      expect(Object.keys(body.host_details).sort()).toEqual(['os_version', 'osquery_info', 'platform_info', 'system_info']);
      expect(body.host_details['os_version']?.['platform']).toBe(c.platform);
      expect(body.host_details['osquery_info']?.['uuid']).toBe(VARS.uuid);
      expect(body.host_details['system_info']).toMatchObject({ hostname: VARS.hostname, computer_name: VARS.hostname, local_hostname: VARS.hostname, uuid: VARS.uuid, hardware_serial: VARS.serialNumber });
      expect(rendered.platform).toBe(c.platform);
      expect(rendered.family).toBe(c.family);
    });

    it('leaves no template action behind', () => {
      expect(JSON.stringify({ e: rendered.enrollBody, a: [...rendered.answers] })).not.toMatch(/\{\{|\.UUID|CachedString|SerialNumber|\.Seconds/);
    });

    it('answers the expected detail and label queries', () => {
      for (const q of [...COMMON_QUERIES, ...c.extra]) expect(rendered.answers.has(q)).toBe(true);
      for (const id of [6, 7, 8, 9, 10, 11, 12]) {
        const rows = rendered.answers.get(`fleet_label_query_${id}`);
        expect(rows).toEqual((c.labels as readonly number[]).includes(id) ? [{ '1': '1' }] : []);
      }
      expect(rendered.answers.get('fleet_detail_query_system_info')?.[0]).toMatchObject({ hostname: VARS.hostname, uuid: VARS.uuid });
      expect(rendered.answers.get('fleet_detail_query_osquery_info')?.[0]?.['uuid']).toBe(VARS.uuid);
      expect(rendered.answers.get('fleet_detail_query_osquery_flags')).toEqual([
        { name: 'config_refresh', value: '60' },
        { name: 'distributed_interval', value: '10' },
        { name: 'logger_tls_period', value: '99999' },
      ]);
    });
  });

  it('chooses the macOS FileVault branch per host, parsing its trailing comma leniently', () => {
    const template = HostTemplate.load('macos_14.1.2');
    const on = template.render({ ...VARS, diskEncryptionEnabled: true }).answers.get('fleet_detail_query_disk_encryption_key_darwin');
    const off = template.render(VARS).answers.get('fleet_detail_query_disk_encryption_key_darwin');
    expect(on).toHaveLength(1);
    expect(on?.[0]?.['line']).toMatch(/^MIAGCSqGSIb3DQEHA6CA/);
    expect(off).toEqual([]);
  });

  it('renders windows_11 update history and GetSerialNumber', () => {
    const r = HostTemplate.load('windows_11').render({ ...VARS, reportedSerialNumber: '-1' });
    // SOURCES.md says 48 rows; the recorded file actually holds 49.
    expect(r.answers.get('fleet_detail_query_windows_update_history')?.length).toBe(49);
    expect(r.enrollBody.host_details['system_info']?.['hardware_serial']).toBe('-1');
  });

  it('derives a deterministic identity from seed and index', () => {
    const a = deriveHostIdentity('seed-1', 3);
    expect(deriveHostIdentity('seed-1', 3)).toEqual(a);
    expect(deriveHostIdentity('seed-1', 4).uuid).not.toBe(a.uuid);
    expect(deriveHostIdentity('seed-2', 3).uuid).not.toBe(a.uuid);
    expect(a.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.hostname).toMatch(/^[a-z0-9]{12}$/);
    expect(a.serialNumber).toMatch(/^[A-Z0-9]{12}$/);
  });

  it('rejects an unknown template name with the shipped list', () => {
    expect(() => HostTemplate.load('plan9')).toThrow(/no host template "plan9".*ubuntu_22\.04/);
  });
});
