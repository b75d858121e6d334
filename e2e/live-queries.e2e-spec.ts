import { WebSocket } from 'ws';
import { AgentFleet, Constellation, e2eMode, FleetApiClient, firstRunSetup, startConstellation, waitFor } from '@flotilla/testing';

/**
 * Live queries end to end, black-box, in the mode named by FLOTILLA_E2E_MODE: 30 simulated hosts;
 * a live query by label streamed over Fleet's WebSocket protocol returns rows from exactly the
 * labelled hosts with the right totals and a `finished` status; the synchronous run answers per
 * host; a non-creator observer cannot read the stream.
 */
const mode = e2eMode();
const ENROLL_SECRET = 'e2e-live-enroll-secret-01234567';
const F = '/api/latest/fleet';
const ADMIN = { email: 'live@example.com', password: 'live-password-1!', name: 'Live Admin' };

interface WsMessage {
  type: 'totals' | 'status' | 'result' | 'error';
  data: unknown;
}

describe(`live queries (${mode})`, () => {
  let flotilla: Constellation;
  let fleet: AgentFleet;
  let token: string;
  let api: FleetApiClient;

  /** Streams a campaign over the WebSocket until `finished` (or an error), collecting every message. */
  const stream = (campaignId: number, as: string, timeoutMs = 30_000): Promise<WsMessage[]> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`${flotilla.baseUrl.replace(/^http/, 'ws')}${F}/results/websocket`);
      const messages: WsMessage[] = [];
      const timer = setTimeout(() => {
        ws.close();
        reject(new Error(`stream timed out: ${JSON.stringify(messages.slice(-3))}`));
      }, timeoutMs);
      ws.on('open', () => {
        ws.send(JSON.stringify({ type: 'auth', data: { token: as } }));
        ws.send(JSON.stringify({ type: 'select_campaign', data: { campaign_id: campaignId } }));
      });
      ws.on('message', (raw) => {
        const msg = JSON.parse(raw.toString()) as WsMessage;
        messages.push(msg);
        const done = msg.type === 'error' || (msg.type === 'status' && (msg.data as { status: string }).status === 'finished');
        if (done) {
          clearTimeout(timer);
          ws.close();
          resolve(messages);
        }
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });

  beforeAll(async () => {
    flotilla = await startConstellation(mode, { env: { FLOTILLA_ENROLL_SECRET: ENROLL_SECRET, FLOTILLA_LIVE_QUERY_REST_PERIOD: '5s' } });
    token = await firstRunSetup(flotilla.baseUrl, ADMIN);
    api = new FleetApiClient(flotilla.baseUrl, token);
    fleet = new AgentFleet({
      baseUrl: flotilla.baseUrl,
      enrollSecret: ENROLL_SECRET,
      hosts: 30,
      mix: { 'ubuntu_22.04': 8, 'macos_14.1.2': 8, windows_11: 7, rhel_9: 7 },
      distributedIntervalMs: 1_000,
      configIntervalMs: 5_000,
      loggerPeriodMs: 5_000,
      startPeriodMs: 2_000,
      defaultSerialProb: 0,
      liveQueryNoResultsProb: 0,
      liveQueryFailProb: 0,
    });
    await fleet.start();
    await fleet.waitFor((s) => s.enrolled === 30, 60_000);
    await waitFor(async () => ((await api.ok<{ hosts: Array<{ platform: string; status: string }> }>('GET', '/hosts')).hosts.filter((h) => h.platform !== '' && h.status === 'online').length === 30), {
      timeoutMs: 30_000,
      what: '30 online hosts with platforms',
    });
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
    await flotilla?.stop();
  });

  it('streams a live query by label: rows from exactly the labelled hosts, correct totals, finished', async () => {
    const { labels } = await api.ok<{ labels: Array<{ id: number; name: string }> }>('GET', '/labels');
    const ubuntuLabel = labels.find((l) => l.name === 'Ubuntu Linux')?.id ?? 0;
    const ubuntuHosts = (await api.ok<{ hosts: Array<{ id: number }> }>('GET', `/labels/${ubuntuLabel}/hosts`)).hosts.map((h) => h.id).sort((a, b) => a - b);
    expect(ubuntuHosts).toHaveLength(8);
    const { campaign } = await api.ok<{ campaign: { id: number; Metrics: { TotalHosts: number; OnlineHosts: number } } }>('POST', '/queries/run', { query: 'SELECT * FROM osquery_info', selected: { labels: [ubuntuLabel] } });
    expect(campaign.Metrics).toMatchObject({ TotalHosts: 8, OnlineHosts: 8 });
    const messages = await stream(campaign.id, token);
    const totals = messages.find((m) => m.type === 'totals')?.data;
    expect(totals).toMatchObject({ count: 8, online: 8, offline: 0 });
    const results = messages.filter((m) => m.type === 'result').map((m) => m.data as { host: { id: number }; rows: Array<Record<string, string>>; error: string | null });
    expect(results.map((r) => r.host.id).sort((a, b) => a - b)).toEqual(ubuntuHosts);
    for (const r of results) {
      expect(r.error).toBeNull();
      expect(r.rows.length).toBeGreaterThan(0);
      expect(r.rows[0]).toMatchObject({ host_hostname: expect.any(String), host_display_name: expect.any(String) });
    }
    expect(messages.at(-1)).toEqual({ type: 'status', data: expect.objectContaining({ status: 'finished', expected_results: 8, actual_results: 8 }) });
  });

  it('refuses the stream to an observer who did not create the campaign', async () => {
    const observer = { name: 'Obs', email: 'obs@example.com', password: 'observer-pass-1!' };
    await api.ok('POST', '/users/admin', { ...observer, global_role: 'observer' });
    const obsToken = (await api.as('').ok<{ token: string }>('POST', '/login', { email: observer.email, password: observer.password })).token;
    const hosts = (await api.ok<{ hosts: Array<{ id: number }> }>('GET', '/hosts')).hosts;
    const { campaign } = await api.ok<{ campaign: { id: number } }>('POST', '/queries/run', { query: 'SELECT 1', selected: { hosts: [hosts[0]?.id] } });
    const messages = await stream(campaign.id, obsToken);
    expect(messages.at(-1)?.type).toBe('error');
    expect(messages.some((m) => m.type === 'result')).toBe(false);
  });

  it('runs a saved query synchronously: one result per targeted host, an offline host reported as such', async () => {
    const { query } = await api.ok<{ query: { id: number } }>('POST', '/queries', { name: 'osquery version', query: 'SELECT version FROM osquery_info' });
    const hosts = (await api.ok<{ hosts: Array<{ id: number; hostname: string }> }>('GET', '/hosts')).hosts;
    // Stop one host: it goes offline once its last check-in is older than its intervals allow.
    const stopped = fleet.hosts[0];
    await stopped?.stop();
    const offlineId = hosts.find((h) => h.hostname === stopped?.identity.hostname)?.id ?? 0;
    await waitFor(async () => (await api.ok<{ host: { status: string } }>('GET', `/hosts/${offlineId}`)).host.status === 'offline', { timeoutMs: 90_000, intervalMs: 1_000, what: 'the stopped host offline' });
    const targets = [offlineId, ...hosts.filter((h) => h.id !== offlineId).slice(0, 3).map((h) => h.id)];
    const res = await api.ok<{ query_id: number; targeted_host_count: number; responded_host_count: number; results: Array<{ host_id: number; rows: unknown[]; error: string | null }> }>('POST', `/queries/${query.id}/run`, { host_ids: targets });
    expect(res).toMatchObject({ query_id: query.id, targeted_host_count: 4, responded_host_count: 3 });
    expect(res.results.map((r) => r.host_id).sort((a, b) => a - b)).toEqual([...targets].sort((a, b) => a - b));
    expect(res.results.find((r) => r.host_id === offlineId)?.error).toMatch(/offline/i);
    for (const r of res.results.filter((x) => x.host_id !== offlineId)) expect(r.rows.length).toBeGreaterThan(0);
  }, 150_000);
});
