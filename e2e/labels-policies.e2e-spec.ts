import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentFleet, Constellation, e2eMode, FleetApiClient, firstRunSetup, startConstellation, waitFor } from '@flotilla/testing';

/**
 * Labels and policies end to end, black-box, in the mode named by FLOTILLA_E2E_MODE: 40 simulated
 * hosts of four platforms answer a dynamic label and a policy through osquery's distributed
 * API; the admin API shows exact memberships, built-in platform labels, a manual label, pass/fail
 * per host and counts; a policy that starts failing on one host fires the webhook once.
 */
const mode = e2eMode();
const ENROLL_SECRET = 'e2e-labels-enroll-secret-0123456';
const ADMIN = { email: 'labels@example.com', password: 'labels-password-1!', name: 'Label Admin' };

interface ApiHost {
  id: number;
  hostname: string;
  platform: string;
}

describe(`labels and policies (${mode})`, () => {
  let flotilla: Constellation;
  let fleet: AgentFleet;
  let api: FleetApiClient;
  let webhook: Server;
  const received: Array<{ policy: { id: number }; hosts: Array<{ id: number; hostname: string }> }> = [];

  const allHosts = async () => (await api.ok<{ hosts: ApiHost[] }>('GET', '/hosts?order_key=hostname')).hosts;
  const labelHostIds = async (labelId: number) => (await api.ok<{ hosts: ApiHost[] }>('GET', `/labels/${labelId}/hosts`)).hosts.map((h) => h.id).sort((a, b) => a - b);
  const idsOf = (hosts: ApiHost[], platform: string) => hosts.filter((h) => h.platform === platform).map((h) => h.id).sort((a, b) => a - b);

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as (typeof received)[number]);
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    flotilla = await startConstellation(mode, { env: { FLOTILLA_ENROLL_SECRET: ENROLL_SECRET } });
    api = new FleetApiClient(flotilla.baseUrl, await firstRunSetup(flotilla.baseUrl, ADMIN));
    fleet = new AgentFleet({
      baseUrl: flotilla.baseUrl,
      enrollSecret: ENROLL_SECRET,
      hosts: 40,
      mix: { 'ubuntu_22.04': 10, 'macos_14.1.2': 10, windows_11: 10, rhel_9: 10 },
      distributedIntervalMs: 1_000,
      configIntervalMs: 5_000,
      loggerPeriodMs: 5_000,
      startPeriodMs: 2_000,
      defaultSerialProb: 0,
    });
    await fleet.start();
    await fleet.waitFor((s) => s.enrolled === 40, 60_000);
    await waitFor(async () => (await allHosts()).filter((h) => h.platform !== '').length === 40, { timeoutMs: 30_000, what: '40 hosts with their platforms' });
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
    await flotilla?.stop();
    await new Promise((resolve) => webhook?.close(resolve));
  });

  it('puts exactly the Ubuntu hosts in a dynamic label, within a check-in or two', async () => {
    const { label } = await api.ok<{ label: { id: number } }>('POST', '/labels', { name: 'Ubuntu (dynamic)', query: "SELECT 1 FROM os_version WHERE platform = 'ubuntu'" });
    const ubuntu = idsOf(await allHosts(), 'ubuntu');
    expect(ubuntu).toHaveLength(10);
    await waitFor(async () => JSON.stringify(await labelHostIds(label.id)) === JSON.stringify(ubuntu), { timeoutMs: 30_000, what: 'the dynamic label to hold exactly the Ubuntu hosts' });
    const hosts = await api.ok<{ hosts: ApiHost[] }>('GET', `/hosts?label_id=${label.id}`);
    expect(hosts.hosts.map((h) => h.id).sort((a, b) => a - b)).toEqual(ubuntu);
    const detail = await api.ok<{ host: { labels: Array<{ id: number }> } }>('GET', `/hosts/${ubuntu[0]}`);
    expect(detail.host.labels.map((l) => l.id)).toContain(label.id);
  });

  it('fills the built-in platform labels from each host’s platform', async () => {
    const { labels } = await api.ok<{ labels: Array<{ id: number; name: string; label_type: string }> }>('GET', '/labels');
    const builtin = (name: string) => labels.find((l) => l.name === name && l.label_type === 'builtin')?.id ?? -1;
    const hosts = await allHosts();
    expect(await labelHostIds(builtin('macOS'))).toEqual(idsOf(hosts, 'darwin'));
    expect(await labelHostIds(builtin('MS Windows'))).toEqual(idsOf(hosts, 'windows'));
    expect(await labelHostIds(builtin('Ubuntu Linux'))).toEqual(idsOf(hosts, 'ubuntu'));
    expect(await labelHostIds(builtin('Red Hat Linux'))).toEqual(idsOf(hosts, 'rhel'));
    expect(await labelHostIds(builtin('All Linux'))).toEqual([...idsOf(hosts, 'ubuntu'), ...idsOf(hosts, 'rhel')].sort((a, b) => a - b));
    expect(await labelHostIds(builtin('All Hosts'))).toHaveLength(40);
  });

  it('holds exactly its hosts in a manual label', async () => {
    const hosts = await allHosts();
    const chosen = [hosts[0], hosts[17], hosts[33]].map((h) => h?.id ?? 0).sort((a, b) => a - b);
    const { label } = await api.ok<{ label: { id: number } }>('POST', '/labels', { name: 'Hand-picked', host_ids: chosen });
    expect(await labelHostIds(label.id)).toEqual(chosen);
  });

  it('reports a macOS-only policy per host with the right counts, and a host that starts failing fires the webhook once', async () => {
    const { policy } = await api.ok<{ policy: { id: number } }>('POST', '/policies', { name: 'Is a Mac', query: "SELECT 1 FROM os_version WHERE platform = 'darwin'", resolution: 'Buy a Mac' });
    const hosts = await allHosts();
    const macs = idsOf(hosts, 'darwin');
    await waitFor(
      async () => {
        const { policy: p } = await api.ok<{ policy: { passing_host_count: number; failing_host_count: number } }>('GET', `/policies/${policy.id}`);
        return p.passing_host_count === 10 && p.failing_host_count === 30;
      },
      { timeoutMs: 30_000, what: '10 passing and 30 failing hosts' },
    );
    const passing = await api.ok<{ hosts: ApiHost[] }>('GET', `/hosts?policy_id=${policy.id}&policy_response=passing`);
    expect(passing.hosts.map((h) => h.id).sort((a, b) => a - b)).toEqual(macs);
    const mac = macs[0] ?? 0;
    const detail = await api.ok<{ host: { policies: Array<{ id: number; response: string }> } }>('GET', `/hosts/${mac}`);
    expect(detail.host.policies.find((p) => p.id === policy.id)?.response).toBe('pass');

    await api.ok('PATCH', '/config', {
      webhook_settings: { failing_policies_webhook: { enable_failing_policies_webhook: true, destination_url: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`, policy_ids: [policy.id], host_batch_size: 100 } },
    });
    const victim = fleet.hosts.find((h) => h.rendered.platform === 'darwin');
    const victimId = hosts.find((h) => h.hostname === victim?.identity.hostname)?.id;
    expect(victimId).toBeDefined();
    victim?.setAnswer(`fleet_policy_query_${policy.id}`, []);
    await api.ok('POST', `/hosts/${victimId}/refetch`);
    await waitFor(() => received.some((r) => r.policy.id === policy.id), { timeoutMs: 30_000, what: 'the failing-policy webhook' });
    await new Promise((r) => setTimeout(r, 3_000)); // anything else would have arrived by now
    const hostsSent = received.filter((r) => r.policy.id === policy.id).flatMap((r) => r.hosts.map((h) => h.id));
    expect(hostsSent).toEqual([victimId]);
    const { policy: after } = await api.ok<{ policy: { passing_host_count: number; failing_host_count: number } }>('GET', `/policies/${policy.id}`);
    expect(after).toMatchObject({ passing_host_count: 9, failing_host_count: 31 });
  });
});
