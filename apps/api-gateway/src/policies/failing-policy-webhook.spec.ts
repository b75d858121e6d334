import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { POLICY_RESULT_CHANGED } from '@flotilla/contracts';
import { TeamEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FailingPolicyWebhookService } from './failing-policy-webhook.service';
import { clearPolicies, insertTeam, LATEST, PoliciesApi, setStats } from './testing/policies-api';
import { postJsonWithRetry } from './webhook-post';

interface Delivery {
  timestamp: string;
  policy: { id: number; name: string; team_id: number | null; failing_host_count: number };
  hosts: Array<{ id: number; hostname: string; display_name: string; url: string }>;
}

/** A webhook receiver: records each POST body and answers the queued statuses (then 200). */
class Receiver {
  readonly received: Delivery[] = [];
  readonly statuses: number[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on('request', (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        receiver.received.push(JSON.parse(body) as Delivery);
        res.writeHead(receiver.statuses.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const DELAY_MS = 150;
const settle = (ms = DELAY_MS * 3): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('failing-policy webhook', () => {
  let gw: ApiGatewayHarness;
  let api: PoliciesApi;
  let receiver: Receiver;
  let service: FailingPolicyWebhookService;
  const hosts: number[] = [];

  const hook = (settings: Record<string, unknown>) => ({ webhook_settings: { failing_policies_webhook: { enable_failing_policies_webhook: true, destination_url: receiver.url, host_batch_size: 0, ...settings } } });
  const configure = async (settings: Record<string, unknown>): Promise<void> => {
    const res = await api.call('PATCH', `${LATEST}/config`, { server_settings: { server_url: 'https://flotilla.example.com/' }, ...hook(settings) });
    expect(res.status).toBe(200);
  };
  const flip = (policyId: number, hostId: number, passes: boolean | null = false, previous: boolean | null = true) =>
    gw.bus.append(POLICY_RESULT_CHANGED, { policyId, hostId, passes, previous, at: new Date().toISOString() });
  const until = async (n: number): Promise<void> => {
    for (let i = 0; i < 300 && receiver.received.length < n; i++) await settle(10);
  };

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    api = new PoliciesApi(gw, gw.bootstrapTokenFromFile());
    receiver = await Receiver.start();
    service = gw.server.app.get(FailingPolicyWebhookService);
    service.configure({ flushDelayMs: DELAY_MS, retryDelayMs: 20, attempts: 3, timeoutMs: 2_000 });
    for (const name of ['alpha', 'bravo', 'charlie']) hosts.push((await gw.seedHost({ osqueryHostId: name, hostname: name, computerName: name === 'alpha' ? 'Alpha Mac' : '' })).id);
  });

  beforeEach(async () => {
    await settle();
    receiver.received.length = 0;
    receiver.statuses.length = 0;
    await clearPolicies(gw);
    await gw.db.manager.clear(TeamEntity);
    service.configure({});
  });

  afterAll(async () => {
    await receiver?.close();
    await gw?.close();
  });

  it('sends hosts that start failing in batches of host_batch_size per policy, in Fleet’s payload', async () => {
    const policy = await api.create(null, { name: 'Firewall', critical: true });
    const other = await api.create(null, { name: 'Other' });
    await setStats(gw, policy.id, 0, 3);
    await configure({ policy_ids: [policy.id, other.id], host_batch_size: 2 });
    for (const h of hosts) await flip(policy.id, h);
    await flip(other.id, hosts[0] as number);
    await until(3);
    await settle();
    const byPolicy = (id: number) => receiver.received.filter((d) => d.policy.id === id);
    expect(byPolicy(policy.id).map((d) => d.hosts.map((h) => h.id))).toEqual([hosts.slice(0, 2), hosts.slice(2)]);
    expect(byPolicy(other.id).map((d) => d.hosts.map((h) => h.id))).toEqual([[hosts[0]]]);
    const first = byPolicy(policy.id)[0] as Delivery;
    expect(first.policy).toMatchObject({ id: policy.id, name: 'Firewall', team_id: null, failing_host_count: 3, critical: true });
    expect(new Date(first.timestamp).getTime()).toBeGreaterThan(0);
    expect(first.hosts[0]).toEqual({ id: hosts[0], hostname: 'alpha', display_name: 'Alpha Mac', url: `https://flotilla.example.com/hosts/${hosts[0]}` });
  });

  it('sends a host once per flip to failing: not while it keeps failing, not on passes or query errors', async () => {
    const policy = await api.create(null, { name: 'Once' });
    await configure({ policy_ids: [policy.id] });
    const [a, b, c] = hosts as [number, number, number];
    await flip(policy.id, a, false, false); // still failing
    await flip(policy.id, a, true, false); // fixed
    await flip(policy.id, a, null, true); // query failed
    await flip(policy.id, b, false, null); // first answer: failing
    await flip(policy.id, c, false, true);
    await flip(policy.id, c, false, true); // the same flip delivered twice within the batch
    await until(1);
    await settle();
    expect(receiver.received.map((d) => d.hosts.map((h) => h.id))).toEqual([[b, c]]);
  });

  it('sends nothing when the webhook is off or does not list the policy, and applies settings changes at once', async () => {
    const listed = await api.create(null, { name: 'Listed' });
    const unlisted = await api.create(null, { name: 'Unlisted' });
    await configure({ policy_ids: [listed.id], enable_failing_policies_webhook: false });
    await flip(listed.id, hosts[0] as number);
    await flip(unlisted.id, hosts[0] as number);
    await settle();
    expect(receiver.received).toEqual([]);
    await configure({ policy_ids: [listed.id], enable_failing_policies_webhook: true });
    await flip(unlisted.id, hosts[1] as number);
    await flip(424242, hosts[1] as number); // a deleted policy
    await flip(listed.id, hosts[2] as number);
    await until(1);
    await settle();
    expect(receiver.received.map((d) => [d.policy.id, d.hosts.map((h) => h.id)])).toEqual([[listed.id, [hosts[2]]]]);
  });

  it('uses the team’s webhook settings for team policies', async () => {
    const teamId = await insertTeam(gw, 'Team');
    const policy = await api.create(teamId, { name: 'Team policy' });
    await configure({ policy_ids: [policy.id] }); // the global settings do not apply to team policies
    await flip(policy.id, hosts[0] as number);
    await settle();
    expect(receiver.received).toEqual([]);
    expect((await api.call('PATCH', `${LATEST}/teams/${teamId}`, hook({ policy_ids: [policy.id] }))).status).toBe(200);
    service.configure({});
    await flip(policy.id, hosts[1] as number);
    await until(1);
    expect(receiver.received.map((d) => [d.policy.team_id, d.hosts.map((h) => h.id)])).toEqual([[teamId, [hosts[1]]]]);
  });

  it('retries a 5xx with backoff, and acknowledges only once the POST succeeded', async () => {
    const policy = await api.create(null, { name: 'Retried' });
    await configure({ policy_ids: [policy.id] });
    receiver.statuses.push(500, 503);
    await service.onResultChanged({ policyId: policy.id, hostId: hosts[0] as number, passes: false, previous: true, at: new Date().toISOString() });
    expect(receiver.received.map((d) => d.hosts.map((h) => h.id))).toEqual([[hosts[0]], [hosts[0]], [hosts[0]]]);
    expect(gw.logs).toContain('failing-policy webhook delivered');
  });

  it('gives up on a refusal or after the last attempt, logs it, and acknowledges', async () => {
    const policy = await api.create(null, { name: 'Refused' });
    await configure({ policy_ids: [policy.id] });
    receiver.statuses.push(404);
    await service.onResultChanged({ policyId: policy.id, hostId: hosts[0] as number, passes: false, previous: true, at: new Date().toISOString() });
    expect(receiver.received).toHaveLength(1);
    receiver.statuses.push(500, 500, 500);
    await service.onResultChanged({ policyId: policy.id, hostId: hosts[1] as number, passes: false, previous: true, at: new Date().toISOString() });
    expect(receiver.received).toHaveLength(4);
    expect(gw.logs).toContain('failed for good');
  });

  it('retries network errors and timeouts', async () => {
    const closed = await Receiver.start();
    const url = closed.url;
    await closed.close();
    const waits: number[] = [];
    const outcome = await postJsonWithRetry(url, { x: 1 }, { attempts: 3, retryDelayMs: 5, timeoutMs: 500 }, async (ms) => void waits.push(ms));
    expect(outcome).toMatchObject({ ok: false, attempts: 3 });
    expect(waits).toEqual([5, 10]);
  });
});
