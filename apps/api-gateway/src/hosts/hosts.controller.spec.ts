import type { HostEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness, HostSeed } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';

const S = 1000;
const MIN = 60 * S;
const DAY = 24 * 60 * MIN;
const V1 = '/api/v1/fleet';
const LATEST = '/api/latest/fleet';

interface HostJson {
  id: number;
  hostname: string;
  display_name: string;
  status: string;
  uptime: number;
  team_id: number | null;
  [key: string]: unknown;
}

describe('hosts API (reads)', () => {
  let gw: ApiGatewayHarness;
  let token: string;
  const fleet = new FleetOpenApiValidator();
  const seeded: Record<string, HostEntity> = {};

  const get = async <T>(path: string, status = 200): Promise<T> => {
    const res = await gw.fetch(path, { token });
    const body = (await res.json()) as T;
    expect({ path, status: res.status }).toEqual({ path, status });
    return body;
  };
  const names = (hosts: HostJson[]) => hosts.map((h) => h.hostname);
  /** A GET response must validate against Fleet's schema for that route. */
  const expectFleetShape = (template: string, body: unknown) => expect(fleet.problemsOfGet(template, body)).toEqual([]);

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    token = gw.bootstrapTokenFromFile();
    const now = Date.now();
    const seeds: HostSeed[] = [
      { osqueryHostId: 'oid-alpha', nodeKey: 'nk-alpha', hostname: 'alpha.local', computerName: 'Alpha', platform: 'darwin', uuid: 'UUID-A', hardwareSerial: 'SER-A', primaryIp: '10.0.0.1', memory: 17_179_869_184, uptime: 3600, seenTime: new Date(now - 5 * S), distributedInterval: 10, configTlsRefresh: 10, detailUpdatedAt: new Date(now - MIN), createdAt: new Date(now - 2 * 60 * MIN), osVersion: 'macOS 14.1.2', users: [{ uid: '501', username: 'anna', type: '', groupname: 'staff', shell: '/bin/zsh' }], mdm: { enrolled: true, serverUrl: 'https://mdm.example.com', installedFromDep: true, name: 'Fleet' }, diskEncryptionEnabled: true },
      { osqueryHostId: 'oid-bravo', hostname: 'bravo', platform: 'ubuntu', uuid: 'UUID-B', hardwareSerial: 'SER-B', primaryIp: '10.0.0.2', memory: 4_000, uptime: 60, seenTime: new Date(now - 10 * MIN), distributedInterval: 10, configTlsRefresh: 10, teamId: 1, createdAt: new Date(now - 10 * DAY) },
      { osqueryHostId: 'oid-charlie', hostname: 'charlie', platform: 'windows', uuid: 'UUID-C', hardwareSerial: 'SER-C', primaryIp: '192.168.1.3', memory: 8_000, seenTime: new Date(now - 40 * DAY), distributedInterval: 10, configTlsRefresh: 10, teamId: 2, createdAt: new Date(now - 60 * DAY) },
      { osqueryHostId: 'oid-delta', hostname: 'delta', platform: 'rhel', uuid: 'UUID-D', memory: 2_000, seenTime: new Date(now - 100 * S), distributedInterval: 60, configTlsRefresh: 120, createdAt: new Date(now - 3 * DAY) },
      { osqueryHostId: 'oid-echo', hostname: 'echo', platform: 'centos', uuid: 'UUID-E', memory: 1_000, seenTime: new Date(now - 100 * S), createdAt: new Date(now - 3 * DAY) },
      { osqueryHostId: 'oid-fox', hostname: 'fox.local', computerName: 'Foxtrot Mac', platform: 'darwin', uuid: 'UUID-F', memory: 3_000, seenTime: null, createdAt: new Date(now - 60 * MIN), orbitVersion: null },
      { osqueryHostId: 'oid-golf', hostname: 'golf_50%', platform: 'chrome', uuid: 'UUID-G', memory: 500, seenTime: new Date(now - 2 * S), distributedInterval: 0, configTlsRefresh: 30, createdAt: new Date(now - 5 * DAY), teamId: 1 },
    ];
    for (const seed of seeds) seeded[seed.hostname ?? ''] = await gw.seedHost(seed);
  });

  afterAll(async () => {
    await gw?.close();
  });

  describe('GET /hosts', () => {
    it('lists every host (no page, no per_page) in Fleet’s shape, on both prefixes', async () => {
      for (const prefix of [V1, LATEST]) {
        const body = await get<{ hosts: HostJson[] }>(`${prefix}/hosts`);
        expect(names(body.hosts)).toEqual(['alpha.local', 'bravo', 'charlie', 'delta', 'echo', 'fox.local', 'golf_50%']);
        expectFleetShape('/api/v1/fleet/hosts', body);
      }
    });

    it('computes status (online/offline, as Fleet ≥ 4.15) from seen_time and the check-in interval (+60 s)', async () => {
      const { hosts } = await get<{ hosts: HostJson[] }>(`${V1}/hosts`);
      expect(Object.fromEntries(hosts.map((h) => [h.hostname, h.status]))).toEqual({
        'alpha.local': 'online',
        bravo: 'offline',
        charlie: 'offline', // 30+ days: still "offline" in the status field; the missing filter finds it
        delta: 'online', // seen 100 s ago, interval 60 s (+60) → online
        echo: 'offline', // seen 100 s ago, no intervals reported → 10 s (+60) → offline
        'fox.local': 'offline', // never seen: created an hour ago counts as last contact
        'golf_50%': 'online',
      });
    });

    it('maps vitals as Fleet does (uptime in ns, display_name, team, mdm)', async () => {
      const { hosts } = await get<{ hosts: HostJson[] }>(`${V1}/hosts?query=alpha`);
      expect(hosts[0]).toMatchObject({
        hostname: 'alpha.local',
        display_name: 'Alpha',
        display_text: 'alpha.local',
        uptime: 3600 * 1_000_000_000,
        memory: 17_179_869_184,
        team_id: null,
        fleet_id: null,
        team_name: null,
        disk_encryption_enabled: true,
        mdm: { enrollment_status: 'On (automatic)', server_url: 'https://mdm.example.com', name: 'Fleet', connected_to_fleet: false },
        issues: { failing_policies_count: 0, critical_vulnerabilities_count: 0, total_issues_count: 0 },
      });
      const fox = (await get<{ hosts: HostJson[] }>(`${V1}/hosts?query=fox`)).hosts[0];
      expect(fox).toMatchObject({ display_name: 'Foxtrot Mac', detail_updated_at: '1970-01-02T00:00:00Z', last_restarted_at: '0001-01-01T00:00:00Z' });
    });

    it('paginates: page is 0-based, per_page defaults to 20 when only page is given', async () => {
      expect(names((await get<{ hosts: HostJson[] }>(`${V1}/hosts?page=0&per_page=2`)).hosts)).toEqual(['alpha.local', 'bravo']);
      expect(names((await get<{ hosts: HostJson[] }>(`${V1}/hosts?page=1&per_page=2`)).hosts)).toEqual(['charlie', 'delta']);
      expect(names((await get<{ hosts: HostJson[] }>(`${V1}/hosts?page=3&per_page=2`)).hosts)).toEqual(['golf_50%']);
      expect((await get<{ hosts: HostJson[] }>(`${V1}/hosts?page=4&per_page=2`)).hosts).toEqual([]);
      expect((await get<{ hosts: HostJson[] }>(`${V1}/hosts?per_page=3`)).hosts).toHaveLength(3);
      expect((await get<{ hosts: HostJson[] }>(`${V1}/hosts?page=0`)).hosts).toHaveLength(7);
      expect((await get<{ hosts: HostJson[] }>(`${V1}/hosts?page=1`)).hosts).toEqual([]);
    });

    it('orders by a whitelisted key, asc by default, with id as tie-break', async () => {
      expect(names((await get<{ hosts: HostJson[] }>(`${V1}/hosts?order_key=memory`)).hosts)).toEqual(['golf_50%', 'echo', 'delta', 'fox.local', 'bravo', 'charlie', 'alpha.local']);
      expect(names((await get<{ hosts: HostJson[] }>(`${V1}/hosts?order_key=hostname&order_direction=desc`)).hosts)).toEqual(['golf_50%', 'fox.local', 'echo', 'delta', 'charlie', 'bravo', 'alpha.local']);
      expect(names((await get<{ hosts: HostJson[] }>(`${V1}/hosts?order_key=display_name`)).hosts)).toEqual(['alpha.local', 'bravo', 'charlie', 'delta', 'echo', 'fox.local', 'golf_50%']); // Alpha, …, Foxtrot Mac: case-insensitive
      expect(names((await get<{ hosts: HostJson[] }>(`${V1}/hosts?order_key=seen_time&order_direction=desc&per_page=2`)).hosts)).toEqual(['golf_50%', 'alpha.local']);
    });

    it.each([
      ['query=SER-B', ['bravo']],
      ['query=192.168', ['charlie']],
      ['query=uuid-f', ['fox.local']],
      ['query=Foxtrot', ['fox.local']],
      ['query=_50%25', ['golf_50%']],
      ['query=%25', ['golf_50%']],
      ['status=online', ['alpha.local', 'delta', 'golf_50%']],
      ['status=offline', ['bravo', 'charlie', 'echo', 'fox.local']],
      ['status=missing', ['charlie']],
      ['status=mia', ['charlie']],
      ['status=new', ['alpha.local', 'fox.local']],
      ['team_id=1', ['bravo', 'golf_50%']],
      ['fleet_id=2', ['charlie']],
      ['team_id=0', ['alpha.local', 'delta', 'echo', 'fox.local']],
      ['platform=darwin', ['alpha.local', 'fox.local']],
      ['platform=linux', ['bravo', 'delta', 'echo']],
      ['platform=windows', ['charlie']],
      ['platform=rhel', ['delta']],
      ['platform=linux&status=online', ['delta']],
      ['team_id=1&status=online&query=golf', ['golf_50%']],
      ['label_id=999', []],
      ['status=', ['alpha.local', 'bravo', 'charlie', 'delta', 'echo', 'fox.local', 'golf_50%']],
    ])('filters %s', async (qs, expected) => {
      const list = await get<{ hosts: HostJson[] }>(`${V1}/hosts?${qs}`);
      expect(names(list.hosts)).toEqual(expected);
      const count = await get<{ count: number }>(`${LATEST}/hosts/count?${qs}&page=1&per_page=1&order_key=id`);
      expect(count).toEqual({ count: expected.length });
      expectFleetShape('/api/v1/fleet/hosts/count', count);
    });

    it.each([
      ['page=abc', 'page'],
      ['page=-1', 'page'],
      ['per_page=0', 'per_page'],
      ['order_key=password', 'order_key'],
      ['order_key=hostname&order_direction=up', 'order_direction'],
      ['status=sleeping', 'status'],
      ['team_id=x', 'team_id'],
      ['label_id=0', 'label_id'],
    ])('rejects %s with a 400 naming the parameter', async (qs, name) => {
      for (const path of [`${V1}/hosts?${qs}`, `${V1}/hosts/count?${qs}`]) {
        const body = await get<{ message: string; errors: Array<{ name: string; reason: string }> }>(path, 400);
        expect(body.message).toBe('Bad request');
        expect(body.errors.map((e) => e.name)).toContain(name);
      }
    });
  });

  describe('GET /hosts/:id and /hosts/identifier/:identifier', () => {
    it('returns the host detail in Fleet’s shape', async () => {
      const alpha = seeded['alpha.local'];
      const body = await get<{ host: HostJson }>(`${V1}/hosts/${alpha?.id}`);
      expectFleetShape('/api/v1/fleet/hosts/{id}', body);
      expect(body.host).toMatchObject({
        id: alpha?.id,
        hostname: 'alpha.local',
        labels: [expect.objectContaining({ name: 'All Hosts', label_type: 'builtin' }), expect.objectContaining({ name: 'macOS', label_membership_type: 'dynamic' })],
        packs: [],
        policies: [],
        software: [],
        batteries: null,
        users: [{ uid: 501, username: 'anna', type: '', groupname: 'staff', shell: '/bin/zsh' }],
        mdm: { enrollment_status: 'On (automatic)', device_status: 'unlocked', profiles: null },
      });
      expect(Date.parse(String(body.host['last_restarted_at']))).toBe((alpha?.detailUpdatedAt?.getTime() ?? 0) - 3600 * 1000);
      for (const h of Object.values(seeded)) expectFleetShape('/api/v1/fleet/hosts/{id}', await get(`${LATEST}/hosts/${h.id}`));
    });

    it.each([
      ['hostname', 'bravo', 'bravo'],
      ['uuid', 'UUID-C', 'charlie'],
      ['hardware serial', 'SER-A', 'alpha.local'],
      ['osquery host id', 'oid-delta', 'delta'],
      ['node key', 'nk-alpha', 'alpha.local'],
    ])('finds a host by %s', async (_what, identifier, hostname) => {
      const body = await get<{ host: HostJson }>(`${V1}/hosts/identifier/${encodeURIComponent(identifier)}`);
      expect(body.host.hostname).toBe(hostname);
      expectFleetShape('/api/v1/fleet/hosts/identifier/{identifier}', body);
    });

    it('prefers the most recently seen host when identifiers collide', async () => {
      const now = Date.now();
      const older = await gw.seedHost({ osqueryHostId: 'oid-dup-1', hostname: 'dup', seenTime: new Date(now - DAY) });
      const newer = await gw.seedHost({ osqueryHostId: 'oid-dup-2', hostname: 'dup', seenTime: new Date(now - MIN) });
      expect((await get<{ host: HostJson }>(`${V1}/hosts/identifier/dup`)).host.id).toBe(newer.id);
      await gw.db.manager.delete('hosts', [older.id, newer.id]);
    });

    it('answers unknown hosts with Fleet’s 404 and bad ids with a 400 naming id', async () => {
      const missing = await get<{ message: string; errors: Array<{ name: string }> }>(`${V1}/hosts/999999`, 404);
      expect(missing).toEqual({ message: 'Resource Not Found', errors: [{ name: 'base', reason: expect.stringContaining('999999') }] });
      await get(`${V1}/hosts/identifier/nobody`, 404);
      const bad = await get<{ errors: Array<{ name: string }> }>(`${V1}/hosts/abc`, 400);
      expect(bad.errors[0]?.name).toBe('id');
      await get(`${V1}/hosts/0`, 400);
    });
  });

  describe('GET /host_summary', () => {
    it('counts totals, statuses and platforms', async () => {
      const body = await get<Record<string, unknown>>(`${V1}/host_summary`);
      expectFleetShape('/api/v1/fleet/host_summary', body);
      expect(body).toEqual({
        totals_hosts_count: 7,
        online_count: 3,
        offline_count: 4,
        mia_count: 1,
        missing_30_days_count: 1,
        new_count: 2,
        all_linux_count: 3,
        dep_assign_error_count: 0,
        platforms: [
          { platform: 'centos', hosts_count: 1 },
          { platform: 'chrome', hosts_count: 1 },
          { platform: 'darwin', hosts_count: 2 },
          { platform: 'rhel', hosts_count: 1 },
          { platform: 'ubuntu', hosts_count: 1 },
          { platform: 'windows', hosts_count: 1 },
        ],
        builtin_labels: expect.arrayContaining([
          { id: expect.any(Number), name: 'All Hosts', description: expect.any(String), label_type: 'builtin', team_id: null, fleet_id: null },
          expect.objectContaining({ name: 'macOS', label_type: 'builtin' }),
          expect.objectContaining({ name: 'MS Windows', label_type: 'builtin' }),
        ]),
      });
      expect(body['builtin_labels']).toHaveLength(11);
    });

    it('filters by team and platform', async () => {
      const team = await get<Record<string, unknown>>(`${LATEST}/host_summary?team_id=1`);
      expectFleetShape('/api/v1/fleet/host_summary', team);
      expect(team).toMatchObject({ team_id: 1, totals_hosts_count: 2, online_count: 1, offline_count: 1, all_linux_count: 1 });
      const linux = await get<Record<string, unknown>>(`${V1}/host_summary?platform=linux`);
      expect(linux).toMatchObject({ totals_hosts_count: 3, online_count: 1, all_linux_count: 3, new_count: 0 });
      const none = await get<Record<string, unknown>>(`${V1}/host_summary?team_id=0&platform=windows`);
      expect(none).toMatchObject({ totals_hosts_count: 0, platforms: [] });
      expectFleetShape('/api/v1/fleet/host_summary', none);
      const bad = await get<{ errors: Array<{ name: string }> }>(`${V1}/host_summary?team_id=abc`, 400);
      expect(bad.errors[0]?.name).toBe('team_id');
    });
  });

  it('validates the empty list against Fleet’s schema too', async () => {
    const empty = await get<{ hosts: unknown[] }>(`${V1}/hosts?query=no-such-host`);
    expect(empty).toEqual({ hosts: [] });
    expectFleetShape('/api/v1/fleet/hosts', empty);
  });
});
