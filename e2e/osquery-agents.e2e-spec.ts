import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentFleet, Constellation, e2eMode, startConstellation, waitFor } from '@flotilla/testing';

/**
 * osquery agents end to end, black-box, in the mode named by FLOTILLA_E2E_MODE: 50 simulated
 * hosts (Ubuntu, macOS, Windows, RHEL from Fleet's recorded host templates, gzip bodies) enroll,
 * report their vitals, and an admin sees them through Fleet's hosts API.
 */
const mode = e2eMode();
const ENROLL_SECRET = 'e2e-enroll-secret-0123456789';
const API_TOKEN = 'e2e-api-token-0123456789abcdef0123456789abcdef';

interface ApiHost {
  id: number;
  hostname: string;
  platform: string;
  os_version: string;
  osquery_version: string;
  memory: number;
  cpu_brand: string;
  hardware_serial: string;
  primary_ip: string;
  status: string;
}

describe(`osquery agents (${mode})`, () => {
  let flotilla: Constellation;
  let fleet: AgentFleet;

  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${flotilla.baseUrl}/api/latest/fleet/${path}`, { ...init, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json', ...init.headers } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const hosts = async () => ((await api('hosts?order_key=hostname')).body['hosts'] ?? []) as ApiHost[];

  beforeAll(async () => {
    flotilla = await startConstellation(mode, { env: { FLOTILLA_ENROLL_SECRET: ENROLL_SECRET, FLOTILLA_BOOTSTRAP_API_TOKEN: API_TOKEN } });
    fleet = new AgentFleet({
      baseUrl: flotilla.baseUrl,
      enrollSecret: ENROLL_SECRET,
      hosts: 50,
      mix: { 'ubuntu_22.04': 13, 'macos_14.1.2': 13, windows_11: 12, rhel_9: 12 },
      distributedIntervalMs: 1_000,
      configIntervalMs: 5_000,
      loggerPeriodMs: 1_000,
      startPeriodMs: 3_000,
      gzip: true,
      defaultSerialProb: 0,
      enrollRetryBaseMs: 200,
      enrollRetryMaxMs: 2_000,
    });
    await fleet.start();
  });

  afterAll(async () => {
    await fleet?.stop();
    await flotilla?.stop();
  });

  it('enrolls 50 hosts and lists them with the vitals they reported', async () => {
    await fleet.waitFor((s) => s.enrolled === 50 && s.distributedWrites >= 50, 60_000);
    const listed = await waitFor(async () => {
      const all = await hosts();
      return all.length === 50 && all.every((h) => h.osquery_version !== '' && h.status === 'online') ? all : undefined;
    }, { timeoutMs: 30_000, what: '50 online hosts with vitals' });
    expect(new Set(listed.map((h) => h.platform))).toEqual(new Set(['ubuntu', 'darwin', 'windows', 'rhel']));
    for (const h of listed) {
      expect(h.hostname).not.toBe('');
      expect(h.os_version).not.toBe('');
      expect(h.memory).toBeGreaterThan(0);
      expect(h.cpu_brand).not.toBe('');
      expect(h.hardware_serial).not.toBe('');
      expect(h.primary_ip).not.toBe('');
    }
    const stats = fleet.stats();
    for (const endpoint of Object.values(stats.endpoints)) expect({ endpoint: endpoint.endpoint, errors: endpoint.errors, lastError: endpoint.lastError }).toEqual({ endpoint: endpoint.endpoint, errors: 0, lastError: undefined });
    expect(stats.internalErrors).toBe(0);
  });

  it('makes a deleted host re-enroll by itself at its next call', async () => {
    const [victim] = await hosts();
    expect(victim).toBeDefined();
    const before = fleet.stats().reEnrollments;
    expect((await api(`hosts/${victim?.id}`, { method: 'DELETE' })).status).toBe(200);
    await fleet.waitFor((s) => s.reEnrollments > before, 20_000);
    await waitFor(async () => (await hosts()).some((h) => h.hostname === victim?.hostname), { timeoutMs: 20_000, what: 'the host back in the list' });
    expect((await hosts()).length).toBe(50);
  });

  it('writes the status logs the hosts send into the status log file', async () => {
    await fleet.waitFor((s) => s.statusLinesSent > 0, 30_000);
    const file = join(flotilla.dataDir, 'logs', 'osqueryd.status.log');
    await waitFor(() => {
      try {
        return readFileSync(file, 'utf8').split('\n').filter(Boolean).length >= 1;
      } catch {
        return false;
      }
    }, { timeoutMs: 20_000, what: 'status log lines on disk' });
  });

  it('answers bad agent input with 4xx, never a 5xx', async () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${flotilla.baseUrl}/api/osquery/${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }).then((r) => r.status);
    expect(await post('enroll', '{"enroll_secret":')).toBe(400);
    expect(await post('enroll', JSON.stringify({ enroll_secret: 'wrong', host_identifier: 'x' }))).toBe(401);
    expect(await post('distributed/read', JSON.stringify({ node_key: 'garbage' }))).toBe(401);
    expect(await post('distributed/write', JSON.stringify({ node_key: 'garbage', queries: 5 }))).toBeLessThan(500);
    expect(await post('log', 'not json at all')).toBe(400);
    expect(await post('config', 'x', { 'content-encoding': 'gzip' })).toBe(400);
  });
});
