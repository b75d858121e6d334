import { waitFor } from '../wait-for';
import type { NodeKeyPlacement, SimulatedHostBehaviour } from './agent-sim.types';
import { FakeOsqueryServer } from './fake-osquery-server';
import { FleetStatsCollector } from './fleet-stats';
import { deriveHostIdentity } from './host-identity';
import { HostTemplate } from './host-template';
import { OsqueryTransport } from './osquery-transport';
import { SimulatedHost } from './simulated-host';

const SECRET = 'sim-secret';
const FAST: SimulatedHostBehaviour = {
  distributedIntervalMs: 60,
  configIntervalMs: 150,
  loggerPeriodMs: 60,
  accelerateIntervalMs: 30,
  scheduleTimeScale: 0.05,
  enrollRetryBaseMs: 20,
  enrollRetryMaxMs: 100,
  policyPassProb: 0,
  liveQueryNoResultsProb: 0,
};

describe('SimulatedHost against a fake osquery server', () => {
  let server: FakeOsqueryServer;
  let baseUrl: string;
  const cleanups: (() => Promise<void>)[] = [];

  const makeHost = (opts: { secret?: string; gzip?: boolean; nodeKeyIn?: NodeKeyPlacement; template?: string } = {}) => {
    const stats = new FleetStatsCollector();
    const transport = new OsqueryTransport({ baseUrl, stats, gzip: opts.gzip ?? false, nodeKeyIn: opts.nodeKeyIn ?? 'body' });
    const host = new SimulatedHost({
      ...FAST,
      identity: deriveHostIdentity('host-spec', 0),
      template: HostTemplate.load(opts.template ?? 'ubuntu_22.04'),
      enrollSecret: opts.secret ?? SECRET,
      transport,
      stats,
      seed: 'host-spec',
    });
    cleanups.push(async () => {
      await host.stop();
      transport.close();
    });
    return { host, stats };
  };

  beforeEach(async () => {
    server = new FakeOsqueryServer({ enrollSecret: SECRET, invalidateOnRead: 3 });
    baseUrl = await server.start();
  });

  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
    await server.close();
  });

  it('enrolls, answers the first read, re-enrolls after node_invalid, sends logs — gzip bodies and NodeKey header', async () => {
    const { host, stats } = makeHost({ gzip: true, nodeKeyIn: 'both' });
    host.start();
    const fake = await waitFor(() => {
      const h = server.hosts.get(host.identity.uuid);
      return h && h.enrollCount === 2 && h.writes.length >= 1 && server.resultLines.length >= 3 && server.statusLines.length >= 2 && host.enrolled ? h : undefined;
    }, { timeoutMs: 4_000, what: 'host lifecycle' });
    await host.stop();

    expect(server.badBodies).toBe(0);
    expect(server.plainBodies).toBe(0);
    expect(server.gzipBodies).toBeGreaterThan(5);
    expect(server.headerKeys).toBeGreaterThan(0);
    expect(server.bodyKeys).toBe(server.headerKeys);

    const write = fake.writes[0] as { queries: Record<string, unknown>; statuses: Record<string, number>; stats: Record<string, unknown> };
    expect(write.queries['fleet_detail_query_os_version']).toEqual([expect.objectContaining({ platform: 'ubuntu', version: '22.04.1 LTS (Jammy Jellyfish)' })]);
    expect(write.queries['fleet_detail_query_system_info']).toEqual([expect.objectContaining({ hostname: host.identity.hostname, uuid: host.identity.uuid })]);
    expect(write.queries).not.toHaveProperty('fleet_detail_query_orbit_info'); // discovery not SELECT 1, no template answer
    expect(write.queries['fleet_detail_query_software_linux']).toEqual([]);
    expect(write.queries['fleet_label_query_6']).toEqual([{ '1': '1' }]);
    expect(write.queries['fleet_label_query_99']).toEqual([]);
    expect(write.queries['fleet_policy_query_1']).toEqual([{ '1': '1' }]);
    expect(write.queries['fleet_policy_query_2']).toEqual([]); // policyPassProb 0
    expect(write.queries['fleet_distributed_query_7']).toEqual([expect.objectContaining({ uuid: host.identity.uuid, platform: 'ubuntu' })]);
    expect(write.stats).toHaveProperty('fleet_distributed_query_7');
    expect(write.queries['fleet_additional_query_x']).toEqual([{ foo: 'bar' }]);
    expect(Object.values(write.statuses).every((s) => s === 0)).toBe(true);

    const names = new Set(server.resultLines.map((l) => l['name']));
    expect(names).toEqual(new Set(['system_info_sched', 'pack/Global/usb_devices_3'])); // mac_only filtered by platform
    const usb = server.resultLines.find((l) => l['name'] === 'pack/Global/usb_devices_3');
    expect(usb).toMatchObject({ hostIdentifier: host.identity.uuid, action: 'snapshot', decorations: { host_uuid: host.identity.uuid } });
    expect(usb?.['snapshot']).toHaveLength(3);
    expect(server.statusLines[0]).toMatchObject({ hostIdentifier: host.identity.uuid, severity: expect.stringMatching(/^[012]$/) });

    const s = stats.endpointSnapshots();
    expect(stats.counters).toMatchObject({ enrollments: 2, reEnrollments: 1, internalErrors: 0 });
    expect(stats.counters.queriesAnswered).toBe(11);
    expect(s['distributed/read'].nodeInvalid).toBe(1);
    for (const e of Object.values(s)) expect(e.errors).toBe(0);
    expect(s.enroll.count).toBe(2);
  });

  it('sends the node key only in the header when asked, plain JSON when gzip is off', async () => {
    const { host } = makeHost({ nodeKeyIn: 'header', template: 'windows_11' });
    host.start();
    await waitFor(() => (server.hosts.get(host.identity.uuid)?.writes.length ?? 0) >= 1, { timeoutMs: 3_000 });
    await host.stop();
    expect(server.bodyKeys).toBe(0);
    expect(server.headerKeys).toBeGreaterThan(0);
    expect(server.gzipBodies).toBe(0);
    const write = server.hosts.get(host.identity.uuid)?.writes[0] as { queries: Record<string, unknown> };
    expect(write.queries['fleet_detail_query_os_version']).toEqual([expect.objectContaining({ platform: 'windows' })]);
  });

  it('retries enrollment with backoff until the server accepts it, counting failures as enroll errors', async () => {
    const { host, stats } = makeHost({ secret: 'wrong' });
    host.start();
    await waitFor(() => stats.endpointSnapshots().enroll.errors >= 3, { timeoutMs: 3_000 });
    expect(host.enrolled).toBe(false);
    expect(server.requests['config']).toBeUndefined();
    server.opts.enrollSecret = 'wrong';
    await waitFor(() => host.enrolled, { timeoutMs: 3_000 });
    expect(stats.counters.enrollments).toBe(1);
    expect(stats.counters.reEnrollments).toBe(0);
    expect(stats.endpointSnapshots().enroll.lastError).toMatch(/enroll failed/);
  });

  it('checks in faster while a read\'s accelerate window is open', async () => {
    // distributed interval 10 s, but the first read says accelerate: 1 (second) → reads every 30 ms for a second.
    const stats = new FleetStatsCollector();
    const transport = new OsqueryTransport({ baseUrl, stats });
    const host = new SimulatedHost({ ...FAST, distributedIntervalMs: 10_000, identity: deriveHostIdentity('acc', 0), template: HostTemplate.load('rhel_9'), enrollSecret: SECRET, transport, stats });
    cleanups.push(async () => {
      await host.stop();
      transport.close();
    });
    host.start();
    await waitFor(() => (server.hosts.get(host.identity.uuid)?.reads ?? 0) >= 5, { timeoutMs: 900, what: 'accelerated reads' });
  });

  it('stop() before start() and twice is harmless', async () => {
    const { host } = makeHost();
    await host.stop();
    await host.stop();
    expect(host.started).toBe(false);
  });
});
