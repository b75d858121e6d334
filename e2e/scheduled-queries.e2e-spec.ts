import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AgentFleet, Constellation, e2eMode, FleetApiClient, firstRunSetup, startConstellation, waitFor } from '@flotilla/testing';

/**
 * Scheduled reports end to end, black-box, in the mode named by FLOTILLA_E2E_MODE: a global report
 * every 10 s and a team report for one team reach exactly the simulated hosts they apply to in
 * their osquery config; the hosts' results reach the filesystem and webhook destinations, one line
 * per acknowledged result, each with its dedupe id; the query report shows each host's latest rows.
 */
const mode = e2eMode();
const ENROLL_SECRET = 'e2e-schedule-enroll-secret-01234';
const ADMIN = { email: 'schedule@example.com', password: 'schedule-password-1!', name: 'Schedule Admin' };
const HOSTS = 20;

type Line = Record<string, unknown> & { name: string; hostIdentifier: string; counter: number };
const lineKey = (l: Line) => `${l.hostIdentifier}|${l.name}|${l.counter}`;

describe(`scheduled reports and result logs (${mode})`, () => {
  let flotilla: Constellation;
  let fleet: AgentFleet;
  let api: FleetApiClient;
  let webhook: Server;
  const webhookLines: Line[] = [];
  const acknowledged = new Map<string, Line>();
  let teamId: number;
  let globalQueryId: number;
  let teamHostnames: Set<string>;

  const fileLines = (): Line[] => {
    try {
      return readFileSync(join(flotilla.dataDir, 'logs', 'osqueryd.results.log'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        webhookLines.push(...(JSON.parse(body) as Line[]));
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    flotilla = await startConstellation(mode, {
      env: {
        FLOTILLA_ENROLL_SECRET: ENROLL_SECRET,
        OSQUERY_RESULT_LOG_PLUGIN: 'filesystem,webhook',
        WEBHOOK_RESULT_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/results`,
      },
    });
    api = new FleetApiClient(flotilla.baseUrl, await firstRunSetup(flotilla.baseUrl, ADMIN));
    teamId = (await api.ok<{ team: { id: number } }>('POST', '/teams', { name: 'Blue' })).team.id;
    globalQueryId = (
      await api.ok<{ query: { id: number } }>('POST', '/queries', { name: 'os_info', query: 'SELECT * FROM os_version', interval: 10, automations_enabled: true, logging: 'snapshot' })
    ).query.id;
    await api.ok('POST', '/queries', { name: 'blue_system', query: 'SELECT * FROM system_info', interval: 10, automations_enabled: true, logging: 'snapshot', team_id: teamId });
    // Not sent to anyone: results would go nowhere (no automations, differential so no report).
    await api.ok('POST', '/queries', { name: 'unused', query: 'SELECT * FROM osquery_info', interval: 10, automations_enabled: false, logging: 'differential' });

    fleet = new AgentFleet({
      baseUrl: flotilla.baseUrl,
      enrollSecret: ENROLL_SECRET,
      hosts: HOSTS,
      mix: { 'ubuntu_22.04': 10, 'macos_14.1.2': 10 },
      distributedIntervalMs: 2_000,
      configIntervalMs: 2_000,
      loggerPeriodMs: 2_000,
      scheduleTimeScale: 0.3,
      statusLogProb: 0,
      startPeriodMs: 2_000,
      defaultSerialProb: 0,
      onLogsAcknowledged: (_host, type, lines) => {
        if (type === 'result') for (const l of lines as Line[]) acknowledged.set(lineKey(l), l);
      },
    });
    await fleet.start();
    await fleet.waitFor((s) => s.enrolled === HOSTS, 60_000);
    const hosts = await waitFor(
      async () => {
        const list = (await api.ok<{ hosts: Array<{ id: number; hostname: string; platform: string }> }>('GET', '/hosts?per_page=100')).hosts;
        return list.length === HOSTS && list.every((h) => h.platform !== '') ? list : undefined;
      },
      { timeoutMs: 30_000, what: `${HOSTS} hosts with platforms` },
    );
    // Half of each platform joins the team.
    const blue = [...hosts.filter((h) => h.platform === 'ubuntu').slice(0, 5), ...hosts.filter((h) => h.platform === 'darwin').slice(0, 5)];
    teamHostnames = new Set(blue.map((h) => h.hostname));
    await api.ok('POST', '/hosts/transfer', { team_id: teamId, hosts: blue.map((h) => h.id) });
  }, 150_000);

  afterAll(async () => {
    await fleet?.stop();
    await flotilla?.stop();
    await new Promise((resolve) => webhook?.close(resolve));
  });

  it('gives each host exactly the reports that apply to it', async () => {
    const expected = (hostname: string) => (teamHostnames.has(hostname) ? ['pack/Global/os_info', `pack/team-${teamId}/blue_system`] : ['pack/Global/os_info']);
    await waitFor(() => fleet.hosts.every((h) => JSON.stringify([...h.scheduledQueryNames].sort()) === JSON.stringify(expected(h.identity.hostname))), {
      timeoutMs: 30_000,
      what: 'every host’s schedule to hold exactly its reports',
    });
    // The config itself, as osquery receives it.
    const member = fleet.hosts.find((h) => teamHostnames.has(h.identity.hostname));
    const res = await fetch(`${flotilla.baseUrl}/api/osquery/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ node_key: member?.currentNodeKey }) });
    const config = (await res.json()) as { packs: Record<string, { queries: Record<string, unknown> }>; options: Record<string, unknown>; etag: string };
    expect(config.options).toMatchObject({ pack_delimiter: '/', distributed_interval: 10 });
    expect(config.packs).toEqual({
      Global: { queries: { os_info: { query: 'SELECT * FROM os_version', interval: 10, snapshot: true, removed: false } } },
      [`team-${teamId}`]: { queries: { blue_system: { query: 'SELECT * FROM system_info', interval: 10, snapshot: true, removed: false } } },
    });
    const again = await fetch(`${flotilla.baseUrl}/api/osquery/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ node_key: member?.currentNodeKey, etag: config.etag }) });
    expect(await again.json()).toEqual({ etag: 'ok' });
  });

  it('delivers every acknowledged result line to the filesystem and the webhook, once each, with a dedupe id', async () => {
    await waitFor(() => [...acknowledged.values()].filter((l) => l.name === `pack/team-${teamId}/blue_system`).length >= 20, { timeoutMs: 45_000, what: 'team report results from the hosts' });
    await fleet.stop();
    const expected = [...acknowledged.keys()].sort();
    const delivered = (lines: Line[]) => lines.map(lineKey).sort();
    await waitFor(() => delivered(fileLines()).length >= expected.length && delivered(webhookLines).length >= expected.length, { timeoutMs: 30_000, what: 'every acknowledged line delivered' });
    for (const lines of [fileLines(), webhookLines]) {
      expect(delivered(lines)).toEqual(expected);
      expect(new Set(lines.map((l) => l['flotilla_log_id'])).size).toBe(lines.length);
      expect(lines.every((l) => typeof l['flotilla_log_id'] === 'string')).toBe(true);
    }
    // Team hosts logged the team report; nobody else did.
    const teamLines = webhookLines.filter((l) => l.name.startsWith('pack/team-'));
    const byIdentifier = new Map(fleet.hosts.map((h) => [h.identity.uuid, h.identity.hostname]));
    expect(new Set(teamLines.map((l) => byIdentifier.get(l.hostIdentifier)))).toEqual(teamHostnames);
  });

  it('shows each host’s latest rows in the query report', async () => {
    const report = await waitFor(
      async () => {
        const r = await api.ok<{ query_id: number; report_clipped: boolean; results: Array<{ host_id: number; host_name: string; last_fetched: string; columns: Record<string, string> }> }>('GET', `/queries/${globalQueryId}/report`);
        return new Set(r.results.map((x) => x.host_id)).size === HOSTS ? r : undefined;
      },
      { timeoutMs: 30_000, what: 'a report row for every host' },
    );
    expect(report.query_id).toBe(globalQueryId);
    expect(report.report_clipped).toBe(false);
    const hostnames = new Set(fleet.hosts.map((h) => h.identity.hostname));
    for (const row of report.results) {
      expect(hostnames.has(row.host_name)).toBe(true);
      expect(row.columns).toMatchObject({ platform: expect.stringMatching(/^(ubuntu|darwin)$/), version: expect.any(String) });
    }
    const one = report.results[0];
    const perHost = await api.ok<{ query_id: number; host_id: number; results: Array<{ columns: Record<string, string> }> }>('GET', `/hosts/${one?.host_id}/queries/${globalQueryId}`);
    expect(perHost).toMatchObject({ query_id: globalQueryId, host_id: one?.host_id });
    expect(perHost.results.length).toBeGreaterThan(0);
    expect(perHost.results[0]?.columns).toEqual(one?.columns);
  });
});
