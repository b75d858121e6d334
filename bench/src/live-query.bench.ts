// Live-query benchmark (issue #5): standalone Flotilla pinned to core 0, simulated hosts on core 1.
//   npm run bench:live-query                 10 000 hosts polling every 10 s, 3 campaigns to all of them
//   npm run bench:live-query -- --hosts 2000 --campaigns 1
// Reports, per campaign: time from launch until every host's row reached the WebSocket client
// (target: one poll interval + 1 s), and host-write → client latency p50/p99/max (target p99 < 20 ms);
// and the empty distributed/read latency before and during campaigns (it must not grow).
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebSocket } from 'ws';
import { AgentFleet } from '@flotilla/testing';

const ROOT = resolve(__dirname, '../../..');
const SECRET = 'bench-live-enroll-secret-0123456789';
const ADMIN = { email: 'bench@example.com', password: 'bench-password-1!', name: 'Bench' };
const log = (msg: string) => process.stdout.write(`${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number));

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function main(): Promise<void> {
  const hosts = arg('hosts', 10_000);
  const campaigns = arg('campaigns', 3);
  const intervalMs = arg('interval', 10) * 1000;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  } catch {
    log('warning: could not pin the load generator to core 1');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-bench-live-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn('taskset', ['-c', '0', process.execPath, '--max-old-space-size=4096', join(ROOT, 'dist/apps/standalone/src/main.js')], {
    env: { ...process.env, PORT: String(port), FLOTILLA_DATA_DIR: dataDir, FLOTILLA_ENROLL_SECRET: SECRET, LOG_LEVEL: 'warn', FLOTILLA_LOGIN_RATE_LIMIT: '1000' },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200) break;
      if (i > 240) throw new Error('server not healthy');
      await sleep(250);
    }
    const setup = await fetch(`${base}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ admin: { admin: true, ...ADMIN }, org_info: { org_name: 'Bench' }, server_url: base }) });
    const token = ((await setup.json()) as { token: string }).token;
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${base}/api/latest/fleet${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      if (res.status !== 200) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };

    const sentAt = new Map<string, number>();
    const fleet = new AgentFleet({
      baseUrl: base,
      enrollSecret: SECRET,
      hosts,
      distributedIntervalMs: intervalMs,
      configIntervalMs: 60_000,
      loggerPeriodMs: intervalMs,
      startPeriodMs: intervalMs,
      liveQueryNoResultsProb: 0,
      liveQueryFailProb: 0,
      onLiveQueryWrite: (hostname, names, at) => {
        for (const n of names) sentAt.set(`${n}:${hostname}`, at);
      },
    });
    log(`starting ${hosts} hosts (distributed_interval ${intervalMs / 1000} s) on ${cpus()[0]?.model ?? 'unknown CPU'}`);
    await fleet.start();
    await fleet.waitFor((s) => s.enrolled === hosts, 300_000);
    await sleep(2 * intervalMs); // first check-ins and detail queries done
    fleet.resetStats();
    await sleep(intervalMs);
    const before = fleet.stats().endpoints['distributed/read'];
    log(`empty distributed/read before: p50 ${before.p50Ms} ms, p99 ${before.p99Ms} ms, ${before.count} reads, ${before.errors} errors`);

    const { labels } = await api<{ labels: Array<{ id: number; name: string }> }>('GET', '/labels');
    const allHosts = labels.find((l) => l.name === 'All Hosts')?.id ?? 0;
    const results: Array<{ completeMs: number; p50: number; p99: number; max: number; rows: number; hosts: number }> = [];
    fleet.resetStats();
    for (let c = 0; c < campaigns; c++) {
      const launched = Date.now();
      const { campaign } = await api<{ campaign: { id: number } }>('POST', '/queries/run', { query: 'SELECT * FROM osquery_info', selected: { labels: [allHosts] } });
      const latencies: number[] = [];
      let rows = 0;
      const done = await new Promise<number>((resolveDone, reject) => {
        const ws = new WebSocket(`${base.replace('http', 'ws')}/api/latest/fleet/results/websocket`);
        const timer = setTimeout(() => reject(new Error(`campaign ${campaign.id}: ${latencies.length}/${hosts} results after 120 s`)), 120_000);
        ws.on('open', () => {
          ws.send(JSON.stringify({ type: 'auth', data: { token } }));
          ws.send(JSON.stringify({ type: 'select_campaign', data: { campaign_id: campaign.id } }));
        });
        ws.on('message', (raw) => {
          const now = Date.now();
          const msg = JSON.parse(raw.toString()) as { type: string; data: { host?: { hostname: string }; rows?: unknown[]; status?: string } | string };
          if (msg.type === 'result' && typeof msg.data === 'object' && msg.data.host) {
            const sent = sentAt.get(`fleet_distributed_query_${campaign.id}:${msg.data.host.hostname}`);
            if (sent !== undefined) latencies.push(now - sent);
            rows += msg.data.rows?.length ?? 0;
          }
          if (msg.type === 'error') reject(new Error(String(msg.data)));
          if (msg.type === 'status' && typeof msg.data === 'object' && msg.data.status === 'finished') {
            clearTimeout(timer);
            ws.close();
            resolveDone(now - launched);
          }
        });
        ws.on('error', reject);
      });
      latencies.sort((a, b) => a - b);
      const r = { completeMs: done, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN, rows, hosts: latencies.length };
      results.push(r);
      log(`campaign ${c + 1}: all ${r.hosts} hosts answered in ${(r.completeMs / 1000).toFixed(2)} s (target ≤ ${(intervalMs + 1000) / 1000} s); write→client p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms; ${r.rows} rows`);
      await sleep(2_000);
    }
    const during = fleet.stats().endpoints['distributed/read'];
    log(`distributed/read during campaigns: p50 ${during.p50Ms} ms, p99 ${during.p99Ms} ms, ${during.count} reads, ${during.errors} errors`);
    fleet.resetStats();
    await sleep(intervalMs);
    const after = fleet.stats().endpoints['distributed/read'];
    log(`empty distributed/read after: p50 ${after.p50Ms} ms, p99 ${after.p99Ms} ms, ${after.count} reads, ${after.errors} errors`);
    log(JSON.stringify({ hosts, intervalMs, emptyReadBefore: { p50: before.p50Ms, p99: before.p99Ms }, emptyReadAfter: { p50: after.p50Ms, p99: after.p99Ms }, campaigns: results }));
    await fleet.stop();
  } finally {
    server.kill('SIGTERM');
    await sleep(1_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:live-query failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
