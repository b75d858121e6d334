import { HostEntity } from '@flotilla/platform-db';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import { fleetTime, GO_ZERO_TIME, NEVER, toFleetHost, toFleetHostDetail } from './host-view.mapper';

const NOW = new Date('2026-06-01T12:00:00.000Z');

function host(overrides: Partial<HostEntity> = {}): HostEntity {
  return Object.assign(new HostEntity(), {
    id: 7,
    osqueryHostId: 'oid',
    nodeKey: 'nk',
    teamId: null,
    uuid: 'U',
    hostname: 'h.local',
    computerName: '',
    platform: 'darwin',
    platformLike: 'darwin',
    osVersion: 'macOS 14',
    build: '23B',
    codeName: '',
    kernelVersion: '',
    osqueryVersion: '5.10.2',
    orbitVersion: null,
    cpuType: 'arm64',
    cpuSubtype: '',
    cpuBrand: 'Apple M2',
    cpuPhysicalCores: 8,
    cpuLogicalCores: 8,
    memory: 1024,
    hardwareVendor: 'Apple Inc.',
    hardwareModel: 'Mac14,2',
    hardwareVersion: '',
    hardwareSerial: 'S',
    primaryIp: '10.0.0.1',
    primaryMac: 'aa:bb:cc:dd:ee:ff',
    uptime: 0,
    gigsDiskSpaceAvailable: 10.5,
    percentDiskSpaceAvailable: 40,
    gigsTotalDiskSpace: 200,
    diskEncryptionEnabled: null,
    distributedInterval: 10,
    configTlsRefresh: 10,
    loggerTlsPeriod: 10,
    users: null,
    mdm: null,
    detailUpdatedAt: null,
    refetchRequested: false,
    lastEnrolledAt: null,
    seenTime: new Date('2026-06-01T11:59:50.000Z'),
    createdAt: new Date('2026-05-01T00:00:00.000Z'),
    updatedAt: new Date('2026-05-02T00:00:00.250Z'),
    ...overrides,
  });
}

describe('host view mapper', () => {
  const fleet = new FleetOpenApiValidator();

  it('prints times as Go does and uses Fleet’s sentinels for unknown instants', () => {
    const h = toFleetHost(host(), NOW);
    expect(fleetTime(new Date('2026-01-01T00:00:00.000Z'))).toBe('2026-01-01T00:00:00Z');
    expect(h).toMatchObject({ created_at: '2026-05-01T00:00:00Z', updated_at: '2026-05-02T00:00:00.250Z', detail_updated_at: NEVER, last_enrolled_at: NEVER, last_restarted_at: GO_ZERO_TIME, status: 'online' });
  });

  it('reports uptime in nanoseconds and derives last_restarted_at from detail_updated_at', () => {
    const h = toFleetHost(host({ uptime: 90_061, detailUpdatedAt: new Date('2026-06-01T10:00:00.000Z') }), NOW);
    expect(h.uptime).toBe(90_061_000_000_000);
    expect(h.last_restarted_at).toBe('2026-05-31T08:58:59Z');
  });

  it('falls back to the hostname for display_name and to created_at for a never-seen host', () => {
    expect(toFleetHost(host({ computerName: 'Anna’s Mac' }), NOW).display_name).toBe('Anna’s Mac');
    const h = toFleetHost(host({ seenTime: null }), NOW);
    expect(h).toMatchObject({ display_name: 'h.local', seen_time: '2026-05-01T00:00:00Z', status: 'offline' });
  });

  it('maps MDM enrollment and users as Fleet does', () => {
    expect(toFleetHost(host({ mdm: { enrolled: true } }), NOW).mdm.enrollment_status).toBe('On (manual)');
    expect(toFleetHost(host({ mdm: { enrolled: false } }), NOW).mdm.enrollment_status).toBe('Off');
    const detail = toFleetHostDetail(host({ users: [{ uid: 'x', username: 'n', type: 't', groupname: 'g', shell: 's' }] }), NOW);
    expect(detail.users).toEqual([{ uid: 0, username: 'n', type: 't', groupname: 'g', shell: 's' }]);
  });

  it('produces bodies Fleet’s schemas accept, for hosts with every optional value set or unset', () => {
    const full = host({
      teamId: 3,
      users: [{ uid: '0', username: 'root', type: 'local', groupname: 'wheel', shell: '/bin/sh' }],
      mdm: { enrolled: true, serverUrl: 'https://x', installedFromDep: false, name: 'Jamf' },
      diskEncryptionEnabled: false,
      detailUpdatedAt: NOW,
      lastEnrolledAt: NOW,
      uptime: 5,
      refetchRequested: true,
    });
    for (const h of [host(), full]) {
      expect(fleet.problemsOfGet('/api/v1/fleet/hosts', { hosts: [toFleetHost(h, NOW)] })).toEqual([]);
      expect(fleet.problemsOfGet('/api/v1/fleet/hosts/{id}', { host: toFleetHostDetail(h, NOW) })).toEqual([]);
    }
  });

  it('deviates from the 4.86 list schema only where it was inferred from hosts without orbit (orbit_version)', () => {
    // The sampled Fleet hosts had no fleetd, so the list schema types orbit_version as null only;
    // Fleet itself returns the version string, as we do (the detail schema allows both).
    const withOrbit = host({ orbitVersion: '1.38.0' });
    expect(fleet.problemsOfGet('/api/v1/fleet/hosts', { hosts: [toFleetHost(withOrbit, NOW)] })).toEqual([expect.stringContaining('/hosts/0/orbit_version must be null')]);
    expect(fleet.problemsOfGet('/api/v1/fleet/hosts/{id}', { host: toFleetHostDetail(withOrbit, NOW) })).toEqual([]);
  });

  it('has a validator that does reject wrong shapes', () => {
    const { status: _s, ...noStatus } = toFleetHost(host(), NOW);
    expect(fleet.problemsOfGet('/api/v1/fleet/hosts', { hosts: [noStatus] })).toEqual([expect.stringContaining("must have required property 'status'")]);
    expect(fleet.problemsOfGet('/api/v1/fleet/hosts', { hosts: [{ ...toFleetHost(host(), NOW), uptime: '1s' }] })).toEqual([expect.stringContaining('/hosts/0/uptime must be integer')]);
    expect(fleet.problemsOfGet('/api/v1/fleet/hosts', { hosts: [{ ...toFleetHost(host(), NOW), seen_time: 'yesterday' }] })).toEqual([expect.stringContaining('must match format "date-time"')]);
    expect(fleet.problemsOfGet('/api/v1/fleet/hosts/count', {})).toEqual([expect.stringContaining("required property 'count'")]);
  });
});
