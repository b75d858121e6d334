import { waitFor } from '../wait-for';
import { AgentFleet, expandMix } from './agent-fleet';
import { OSQUERY_ENDPOINTS } from './agent-sim.types';
import { FakeOsqueryServer } from './fake-osquery-server';
import { formatStatsTable } from './stats-table';

const SECRET = 'fleet-secret';
const MIX = { 'ubuntu_22.04': 5, 'macos_14.1.2': 5, windows_11: 5, rhel_9: 5 };

const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('expandMix', () => {
  it('keeps exact counts, interleaved', () => {
    expect(expandMix({ a: 2, b: 1, c: 3 }, 6)).toEqual(['a', 'b', 'c', 'a', 'c', 'c']);
  });

  it('scales weights to the host count with largest remainders', () => {
    const out = expandMix({ a: 1, b: 1, c: 1 }, 10);
    expect(out).toHaveLength(10);
    expect(out.filter((n) => n === 'a')).toHaveLength(4);
    expect(out.filter((n) => n === 'b')).toHaveLength(3);
  });

  it('rejects a mix without positive counts', () => {
    expect(() => expandMix({ a: 0 }, 3)).toThrow(/no positive counts/);
  });
});

describe('AgentFleet against a fake osquery server', () => {
  let server: FakeOsqueryServer;
  let baseUrl: string;

  beforeEach(async () => {
    server = new FakeOsqueryServer({ enrollSecret: SECRET, invalidateOnRead: 3 });
    baseUrl = await server.start();
  });

  afterEach(async () => {
    await server.close();
  });

  it('runs 20 hosts over four templates, counts everything, and stops without leftovers', async () => {
    const timersBefore = activeTimers();
    const fleet = new AgentFleet({
      baseUrl,
      enrollSecret: SECRET,
      hosts: 20,
      mix: MIX,
      seed: 42,
      distributedIntervalMs: 50,
      configIntervalMs: 150,
      loggerPeriodMs: 50,
      accelerateIntervalMs: 25,
      scheduleTimeScale: 0.05,
      startPeriodMs: 200,
      gzip: true,
    });
    const platforms = fleet.hosts.map((h) => h.rendered.platform);
    expect(['ubuntu', 'darwin', 'windows', 'rhel'].map((p) => platforms.filter((x) => x === p).length)).toEqual([5, 5, 5, 5]);

    await fleet.start();
    const s = await fleet.waitFor((st) => st.enrolled === 20 && st.reEnrollments === 20 && st.queriesAnswered >= 20 * 11 && st.logLinesSent >= 40, 4_000);
    await fleet.stop();
    await fleet.stop(); // idempotent

    expect(s.hosts).toBe(20);
    expect(s.started).toBe(20);
    expect(s.checkedIn).toBe(20); // every host delivered its first check-in's answers
    expect(s.enrollments).toBe(40);
    expect(s.internalErrors).toBe(0);
    expect(server.hosts.size).toBe(20);
    expect([...server.hosts.values()].every((h) => h.enrollCount === 2 && h.invalidated)).toBe(true);

    const end = fleet.stats();
    for (const endpoint of OSQUERY_ENDPOINTS) {
      const e = end.endpoints[endpoint];
      expect(e.errors).toBe(0);
      expect(e.count).toBeGreaterThan(0);
      // The client records every completed request; at most one in flight per host loop was aborted by stop().
      const served = server.requests[endpoint] ?? 0;
      expect(e.count).toBeLessThanOrEqual(served);
      expect(served - e.count).toBeLessThanOrEqual(20 * 3);
      expect(e.p50Ms).toBeGreaterThan(0);
      expect(e.p50Ms).toBeLessThanOrEqual(e.p99Ms);
      expect(e.p99Ms).toBeLessThanOrEqual(e.maxMs);
    }
    expect(end.endpoints.enroll.count).toBe(40);
    expect(end.endpoints['distributed/read'].nodeInvalid).toBe(20);
    expect(server.badBodies).toBe(0);
    expect(server.gzipBodies).toBe(Object.values(server.requests).reduce((a, b) => a + b, 0));
    expect(end.logLinesSent).toBeLessThanOrEqual(server.resultLines.length);

    const table = formatStatsTable(end);
    expect(table).toMatch(/^endpoint\s+count\s+req\/s\s+errors\s+invalid\s+p50 ms\s+p99 ms\s+max ms$/m);
    expect(table).toMatch(/^distributed\/read\s+\d+/m);

    // stop() closed every socket and cleared every timer.
    await waitFor(() => server.openSockets === 0, { timeoutMs: 1_000, what: 'sockets closed' });
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
  });

  it('is deterministic for a seed: same identities and template assignment', () => {
    const make = (seed: number) => new AgentFleet({ baseUrl, enrollSecret: SECRET, hosts: 8, mix: MIX, seed });
    const ids = (f: AgentFleet) => f.hosts.map((h) => [h.identity.uuid, h.identity.hostname, h.identity.serialNumber, h.rendered.templateName].join('|'));
    expect(ids(make(7))).toEqual(ids(make(7)));
    expect(ids(make(7))).not.toEqual(ids(make(8)));
  });

  it('waitFor rejects with the current counters on timeout', async () => {
    const fleet = new AgentFleet({ baseUrl, enrollSecret: SECRET, hosts: 1, startPeriodMs: 0 });
    await expect(fleet.waitFor(() => false, 60)).rejects.toThrow(/timed out after 60 ms: \{"hosts":1/);
    await fleet.stop();
  });
});
