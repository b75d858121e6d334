import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AgentFleet, Constellation, FleetApiClient, firstRunSetup, freePortRange, startConstellation, waitFor } from '@flotilla/testing';

/**
 * The result-log pipeline under failure (distributed mode: the log consumer is its own process and
 * the stream is JetStream). 100 simulated hosts log a scheduled report every few seconds while
 * the log-shipper process is killed with SIGKILL (the launcher restarts it) and the NATS server is
 * stopped and started again on its own store. Every result line a host got a 200 for must reach
 * the webhook and the filesystem destinations: delivery is at-least-once, and every delivered line
 * carries `flotilla_log_id`, identical on every copy of the same line, so a consumer can dedupe.
 * Counted line by line, not sampled.
 */
const ENROLL_SECRET = 'e2e-chaos-enroll-secret-01234567';
const HOSTS = 100;

type Line = Record<string, unknown> & { name: string; hostIdentifier: string; counter: number; flotilla_log_id: string };
const lineKey = (l: Line) => `${l.hostIdentifier}|${l.name}|${l.counter}`;

/** A private nats-server with JetStream on a file store that outlives restarts. */
class NatsServer {
  private proc?: ChildProcess;
  readonly storeDir = mkdtempSync(join(tmpdir(), 'flotilla-chaos-nats-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(process.env['NATS_SERVER_BIN'] ?? 'nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: 'ignore' });
    await waitFor(() => spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${this.port}`]).status === 0, { timeoutMs: 10_000, what: 'nats-server listening' });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    await exited;
  }

  dispose(): void {
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

describe('result logs survive a killed consumer and a restarted NATS server (distributed)', () => {
  let flotilla: Constellation;
  let fleet: AgentFleet;
  let nats: NatsServer;
  let webhook: Server;
  const webhookLines: Line[] = [];
  const acknowledged = new Map<string, Line>();


  /** Every results file of the filesystem destination, rotated (gzip) ones included. */
  const fileLines = (): Line[] => {
    const dir = join(flotilla.dataDir, 'logs');
    const out: Line[] = [];
    for (const name of readdirSync(dir).filter((n) => n.startsWith('osqueryd.results.log'))) {
      const raw = readFileSync(join(dir, name));
      const text = name.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
      for (const l of text.split('\n')) if (l.trim() !== '') out.push(JSON.parse(l) as Line);
    }
    return out;
  };

  /** The log-shipper's process id, as the services endpoint reports it (`instance` = host:pid); undefined while it is down. */
  const logShipperPid = async (): Promise<number | undefined> => {
    const res = await fetch(`${flotilla.baseUrl}/api/latest/flotilla/services`);
    const { services } = (await res.json()) as { services: Array<{ service: string; status?: string; instance?: string }> };
    const pid = Number(services.find((s) => s.service === 'log-shipper' && s.instance)?.instance?.split(':').pop());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  };

  /** Lines delivered to a destination, checked against what the hosts were told was stored. */
  const account = (lines: Line[]) => {
    const byKey = new Map<string, Set<string>>();
    for (const l of lines) {
      const ids = byKey.get(lineKey(l)) ?? new Set<string>();
      ids.add(l.flotilla_log_id);
      byKey.set(lineKey(l), ids);
    }
    const missing = [...acknowledged.keys()].filter((k) => !byKey.has(k));
    return { delivered: lines.length, unique: byKey.size, duplicates: lines.length - byKey.size, missing, idsPerLine: Math.max(0, ...[...byKey.values()].map((s) => s.size)) };
  };

  beforeAll(async () => {
    nats = new NatsServer(await freePortRange(1));
    await nats.start();
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        webhookLines.push(...(JSON.parse(body) as Line[]));
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    flotilla = await startConstellation('distributed', {
      env: {
        NATS_URL: nats.url,
        FLOTILLA_ENROLL_SECRET: ENROLL_SECRET,
        FLOTILLA_RESTART_DELAY_MS: '1000',
        OSQUERY_RESULT_LOG_PLUGIN: 'filesystem,webhook',
        WEBHOOK_RESULT_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/results`,
      },
    });
    const api = new FleetApiClient(flotilla.baseUrl, await firstRunSetup(flotilla.baseUrl, { email: 'chaos@example.com', password: 'chaos-password-1!', name: 'Chaos Admin' }));
    await api.ok('POST', '/queries', { name: 'os_info', query: 'SELECT * FROM os_version', interval: 10, automations_enabled: true, logging: 'snapshot' });
    fleet = new AgentFleet({
      baseUrl: flotilla.baseUrl,
      enrollSecret: ENROLL_SECRET,
      hosts: HOSTS,
      mix: { 'ubuntu_22.04': 1, 'macos_14.1.2': 1, windows_11: 1 },
      distributedIntervalMs: 5_000,
      configIntervalMs: 3_000,
      loggerPeriodMs: 1_000,
      scheduleTimeScale: 0.2,
      statusLogProb: 0,
      startPeriodMs: 3_000,
      requestTimeoutMs: 5_000,
      onLogsAcknowledged: (_host, type, lines) => {
        if (type === 'result') for (const l of lines as Line[]) acknowledged.set(lineKey(l), l);
      },
    });
    await fleet.start();
    await fleet.waitFor((s) => s.enrolled === HOSTS, 60_000);
  }, 180_000);

  afterAll(async () => {
    await fleet?.stop();
    await flotilla?.stop();
    await nats?.stop();
    nats?.dispose();
    await new Promise((resolve) => webhook?.close(resolve));
  });

  it('delivers every acknowledged line at least once, with one dedupe id per line', async () => {
    await waitFor(() => acknowledged.size >= HOSTS, { timeoutMs: 30_000, what: 'a first round of results from every host' });

    // 1. SIGKILL the log consumer mid-stream; the launcher starts it again.
    const victim = await logShipperPid();
    expect(victim).toBeDefined();
    process.kill(victim as number, 'SIGKILL');
    await waitFor(async () => {
      const pid = await logShipperPid();
      return pid !== undefined && pid !== victim;
    }, { timeoutMs: 30_000, what: 'log-shipper restarted' });
    const beforeNatsRestart = acknowledged.size;
    await waitFor(() => acknowledged.size >= beforeNatsRestart + HOSTS, { timeoutMs: 30_000, what: 'hosts logging after the consumer restart' });

    // 2. Stop the NATS server, keep it down a few seconds (hosts get errors and keep their lines), start it again.
    await nats.stop();
    const refusedBefore = fleet.stats().endpoints.log.errors;
    await new Promise((r) => setTimeout(r, 4_000));
    await nats.start();
    const afterNatsRestart = acknowledged.size;
    await waitFor(() => acknowledged.size >= afterNatsRestart + HOSTS, { timeoutMs: 60_000, what: 'hosts logging after the NATS restart' });
    const refused = (fleet.stats().endpoints.log.errors) - refusedBefore;

    // 3. Stop the hosts, then count: every acknowledged line must arrive at both destinations.
    await fleet.stop();
    await waitFor(() => account(webhookLines).missing.length === 0 && account(fileLines()).missing.length === 0, { timeoutMs: 90_000, intervalMs: 1_000, what: 'every acknowledged line delivered' });
    const web = account(webhookLines);
    const file = account(fileLines());
    process.stdout.write(
      `log pipeline chaos: ${acknowledged.size} result lines acknowledged to ${HOSTS} hosts (${refused} log requests refused while NATS was down); ` +
        `webhook ${web.delivered} delivered / ${web.unique} unique / ${web.duplicates} duplicates; filesystem ${file.delivered} / ${file.unique} / ${file.duplicates}\n`,
    );
    for (const got of [web, file]) {
      expect(got.missing).toEqual([]);
      // Every copy of a line carries the same dedupe id: deduping on it leaves exactly one of each.
      expect(got.idsPerLine).toBe(1);
    }
    expect(refused).toBeGreaterThan(0);
  });
});
