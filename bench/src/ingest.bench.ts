// Ingest benchmark (issue #8): osquery-ingest pinned to core 0, load from this process on core 1.
//   npm run bench:ingest               full run (~11 min): bare Node server, distributed, standalone
//   npm run bench:ingest -- --quick    ~4 min: steps 1k/5k/10k, 2 000-host burst, shorter windows
// Options: --modes distributed,standalone  --steps 1000,5000,...  --window 20  --settle 15  --burst 5000  --saturate 10  --profile (writes .cpuprofile files)
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createConnection } from 'mysql2/promise';
import { AgentFleet, FleetStatsCollector, OSQUERY_ENDPOINTS, type EndpointStatsSnapshot, type OsqueryEndpoint } from '@flotilla/testing';
import { CpuMeter, rssBytes } from './proc';
import { saturate, type SaturationResult } from './saturate';

const ROOT = resolve(__dirname, '../../..');
const SECRET = 'bench-enroll-secret-0123456789';
const P99_LIMIT_MS = 50;
/** Fleet's load test: ~0.28 requests/s per host. */
const FLEET_RPS_PER_HOST = 0.28;
const SERVER_CORE = '0';
const CLIENT_CORE = '1';

interface Args {
  quick: boolean;
  modes: Mode[];
  steps: number[];
  windowS: number;
  settleS: number;
  burst: number;
  saturateS: number;
  profile: boolean;
}
type Mode = 'distributed' | 'standalone';

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const modes = (get('modes') ?? 'distributed,standalone').split(',') as Mode[];
  const steps = (get('steps') ?? (quick ? '1000,5000,10000' : '1000,5000,10000,20000,40000')).split(',').map(Number);
  return {
    quick,
    modes,
    steps,
    windowS: Number(get('window') ?? (quick ? 10 : 20)),
    settleS: Number(get('settle') ?? (quick ? 15 : 15)),
    burst: Number(get('burst') ?? (quick ? 2000 : 5000)),
    saturateS: Number(get('saturate') ?? (quick ? 5 : 10)),
    profile: argv.includes('--profile'),
  };
}

const log = (msg: string) => process.stdout.write(`${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function pinSelf(): void {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', CLIENT_CORE, String(process.pid)], { stdio: 'ignore' });
  } catch (err) {
    log(`warning: could not pin the load generator to core ${CLIENT_CORE}: ${(err as Error).message}`);
  }
}

interface Server {
  proc: ChildProcess;
  pid: number;
  port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function startProcess(script: string, env: Record<string, string>, args: string[] = []): Promise<Server> {
  const port = await freePort();
  const proc = spawn('taskset', ['-c', SERVER_CORE, process.execPath, ...args, join(ROOT, script)], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const stop = async () => {
    if (proc.exitCode === null) proc.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => proc.kill('SIGKILL'))]);
  };
  return { proc, pid: proc.pid ?? 0, port, stop, ...{ stderr: () => stderr } };
}

async function waitHealthy(server: Server, path: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.proc.exitCode !== null) throw new Error(`server exited (${server.proc.exitCode}): ${(server as unknown as { stderr(): string }).stderr()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method: path === '/' ? 'POST' : 'GET' });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not healthy after ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** RSS and V8 heap used (from /metrics) after a full GC in the server (SIGUSR2, see gc-on-signal.ts). */
async function settledMemory(server: Server): Promise<{ rss: number; heapUsed: number }> {
  server.proc.kill('SIGUSR2');
  await sleep(1_000);
  let heapUsed = NaN;
  try {
    const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    const m = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\d+(?:\.\d+)?)/m.exec(text);
    if (m) heapUsed = Number(m[1]);
  } catch {
    // leave NaN
  }
  return { rss: rssBytes(server.pid), heapUsed };
}

async function dbQueries(port: number): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const m = /^db_queries_total(?:\{[^}]*\})? (\d+(?:\.\d+)?)/m.exec(text);
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

interface StepResult {
  hosts: number;
  enrolled: number;
  windowS: number;
  rps: number;
  perHostRps: number;
  endpoints: Partial<Record<OsqueryEndpoint, { count: number; rps: number; errors: number; nodeInvalid: number; p50Ms: number; p99Ms: number; maxMs: number; lastError?: string }>>;
  p99Ms: number;
  maxMs: number;
  errors: number;
  serverBusy: number;
  hostsPerBusyCore: number;
  /** Hosts per busy core if every host made Fleet's 0.28 req/s (the request rate per busy core / 0.28). */
  fleetMixHostsPerBusyCore: number;
  rssMiB: number;
  dbQueriesPerCheckIn: number;
  checkIns: number;
  clientBusy: number;
  clientLoopP99Ms: number;
  ok: boolean;
  reason?: string;
}

function summarise(eps: Record<OsqueryEndpoint, EndpointStatsSnapshot>, seconds: number): Pick<StepResult, 'endpoints' | 'rps' | 'p99Ms' | 'maxMs' | 'errors'> {
  const endpoints: StepResult['endpoints'] = {};
  let total = 0;
  let p99 = 0;
  let max = 0;
  let errors = 0;
  for (const e of OSQUERY_ENDPOINTS) {
    const s = eps[e];
    if (s.count === 0 && s.errors === 0) continue;
    endpoints[e] = { count: s.count, rps: round(s.count / seconds), errors: s.errors, nodeInvalid: s.nodeInvalid, p50Ms: s.p50Ms, p99Ms: s.p99Ms, maxMs: s.maxMs, ...(s.lastError ? { lastError: s.lastError } : {}) };
    total += s.count;
    errors += s.errors;
    if (e !== 'enroll') {
      p99 = Math.max(p99, s.p99Ms);
      max = Math.max(max, s.maxMs);
    }
  }
  return { endpoints, rps: round(total / seconds), p99Ms: p99, maxMs: max, errors };
}

interface ModeResult {
  mode: Mode;
  baselineRssMiB: number;
  burst: { hosts: number; seconds: number; enrolled: number; errors: number; p50Ms: number; p99Ms: number; maxMs: number; lastError?: string };
  idleRssBytesPerHost: number;
  idleHeapBytesPerHost: number;
  emptyRead: SaturationResult & { serverBusy: number; rpsPerBusyCore: number };
  steps: StepResult[];
  sustainedHosts: number;
  bestHostsPerBusyCore: number;
  bestFleetMixHostsPerBusyCore: number;
}

async function measureBare(args: Args): Promise<SaturationResult & { serverBusy: number; rpsPerBusyCore: number }> {
  const server = await startProcess('dist/bench/src/bare-server.js', {});
  try {
    await waitHealthy(server, '/');
    const meter = new CpuMeter(server.pid);
    await saturate(server.port, '/api/v1/osquery/distributed/read', ['{"node_key":"x"}'], 32, 1000); // warm-up
    meter.start();
    const r = await saturate(server.port, '/api/v1/osquery/distributed/read', ['{"node_key":"x"}'], 32, args.saturateS * 1000);
    const cpu = meter.busy();
    return { ...r, serverBusy: round(cpu.busy, 2), rpsPerBusyCore: Math.round(r.requests / cpu.cpuSeconds) };
  } finally {
    await server.stop();
  }
}

async function runMode(mode: Mode, args: Args, runId: string): Promise<ModeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `flotilla-bench-${mode}-`));
  const dbName = `flotilla_bench_${runId}`;
  const env: Record<string, string> = { FLOTILLA_DATA_DIR: dataDir, FLOTILLA_ENROLL_SECRET: SECRET, LOG_LEVEL: 'warn' };
  if (mode === 'distributed') {
    Object.assign(env, {
      MYSQL_URL: `mysql://root@127.0.0.1:3306/${dbName}`,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `bench-${runId}:`,
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_SUBJECT_PREFIX: `bench${runId}`,
      DB_AUTO_MIGRATE: 'true',
    });
  }
  const script = mode === 'distributed' ? 'dist/apps/osquery-ingest/src/main.js' : 'dist/apps/standalone/src/main.js';
  const nodeArgs = ['--max-old-space-size=4096', '--expose-gc', '-r', join(ROOT, 'dist/bench/src/gc-on-signal.js')];
  if (args.profile) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench/results', `prof-${mode}-${runId}`)}`);
  const server = await startProcess(script, env, nodeArgs);
  const fleets: AgentFleet[] = [];
  try {
    await waitHealthy(server, '/healthz', 120_000);
    // Warm-up: 100 hosts enroll and check in once, so one-time initialisation (JIT, ORM metadata,
    // pools) is not charged to the burst hosts' memory.
    const warm = new AgentFleet({ baseUrl: `http://127.0.0.1:${server.port}`, enrollSecret: SECRET, hosts: 100, seed: `warm-${runId}`, startPeriodMs: 0 });
    await warm.start();
    await warm.waitFor((s) => s.enrolled === s.hosts, 60_000, 100).catch(() => undefined);
    await sleep(3_000);
    await warm.stop();
    const baseline = await settledMemory(server);
    const baselineRss = baseline.rss;
    log(`[${mode}] healthy on :${server.port}, pid ${server.pid}, RSS ${round(baselineRss / 2 ** 20)} MiB`);

    // 1. Enrollment burst: `burst` hosts enroll at once (osquery retries on failure; we count failures as errors).
    const burstStats = new FleetStatsCollector();
    const burstFleet = new AgentFleet({ baseUrl: `http://127.0.0.1:${server.port}`, enrollSecret: SECRET, hosts: args.burst, seed: `burst-${runId}`, startPeriodMs: 0, collector: burstStats, enrollRetryBaseMs: 1_000 });
    const t0 = performance.now();
    await burstFleet.start();
    let burstSeconds = NaN;
    try {
      await burstFleet.waitFor((s) => s.enrolled === s.hosts, 180_000, 100);
      burstSeconds = (performance.now() - t0) / 1000;
    } catch (err) {
      log(`[${mode}] burst did not finish: ${(err as Error).message.slice(0, 300)}`);
    }
    await sleep(3_000); // first config/read/write round of the burst hosts
    await burstFleet.stop();
    const be = burstStats.endpointSnapshots().enroll;
    const burst = { hosts: args.burst, seconds: round(burstSeconds, 2), enrolled: burstFleet.stats().enrolled, errors: be.errors, p50Ms: be.p50Ms, p99Ms: be.p99Ms, maxMs: be.maxMs, ...(be.lastError ? { lastError: be.lastError } : {}) };
    log(`[${mode}] burst: ${burst.enrolled}/${burst.hosts} enrolled in ${burst.seconds} s, enroll errors ${burst.errors}, p50 ${burst.p50Ms} ms, p99 ${burst.p99Ms} ms, max ${burst.maxMs} ms`);
    await sleep(3_000);
    const idle = await settledMemory(server);
    const idleRssBytesPerHost = Math.round((idle.rss - baselineRss) / args.burst);
    const idleHeapBytesPerHost = Math.round((idle.heapUsed - baseline.heapUsed) / args.burst);
    log(`[${mode}] after full GC with ${args.burst} idle enrolled hosts: heap used +${idleHeapBytesPerHost} B/host, RSS ${round(idle.rss / 2 ** 20)} MiB (+${idleRssBytesPerHost} B/host)`);

    // 2. The empty distributed/read path at saturation, with the burst hosts' node keys.
    const keys = burstFleet.hosts.map((h) => h.currentNodeKey).filter((k): k is string => k !== undefined).slice(0, 256);
    const bodies = keys.map((k) => JSON.stringify({ node_key: k }));
    await saturate(server.port, '/api/v1/osquery/distributed/read', bodies, 32, 2_000); // warm-up (JIT, detail queries still due)
    const meter = new CpuMeter(server.pid);
    meter.start();
    const sat = await saturate(server.port, '/api/v1/osquery/distributed/read', bodies, 32, args.saturateS * 1000);
    const satCpu = meter.busy();
    const emptyRead = { ...sat, serverBusy: round(satCpu.busy, 2), rpsPerBusyCore: Math.round(sat.requests / satCpu.cpuSeconds) };
    log(`[${mode}] empty distributed/read: ${Math.round(sat.rps)} req/s at ${emptyRead.serverBusy} core busy → ${emptyRead.rpsPerBusyCore} req/s per busy core (errors ${sat.errors}, non-empty ${sat.nonEmpty})`);
    await sleep(2_000);

    // 3. Ramp at Fleet's mix (read 10 s, config 60 s, logger 10 s), staggered starts.
    const collector = new FleetStatsCollector();
    const steps: StepResult[] = [];
    let current = 0;
    for (const target of args.steps) {
      const add = target - current;
      const startPeriodMs = Math.max(10_000, Math.min(30_000, add)); // ≤ ~1 000 enrollments/s, at least one read interval
      const fleet = new AgentFleet({ baseUrl: `http://127.0.0.1:${server.port}`, enrollSecret: SECRET, hosts: add, seed: `ramp-${runId}-${target}`, startPeriodMs, collector });
      fleets.push(fleet);
      await fleet.start();
      current = target;
      log(`[${mode}] ${target} hosts: ramping in ${add} over ${startPeriodMs / 1000} s, settling ${args.settleS} s, measuring ${args.windowS} s`);
      await sleep(startPeriodMs + args.settleS * 1000);
      const enrolledBefore = fleets.reduce((s, f) => s + f.stats().enrolled, 0);
      collector.resetWindow();
      const q0 = await dbQueries(server.port);
      const cpu = new CpuMeter(server.pid);
      const self = new CpuMeter(process.pid);
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      cpu.start();
      self.start();
      await sleep(args.windowS * 1000);
      const used = cpu.busy();
      const selfUsed = self.busy();
      loop.disable();
      const q1 = await dbQueries(server.port);
      const eps = collector.endpointSnapshots();
      const sum = summarise(eps, used.wallSeconds);
      const checkIns = eps['distributed/read'].count + eps.config.count + eps.log.count + eps['distributed/write'].count;
      const clientBusy = round(selfUsed.busy, 2);
      const step: StepResult = {
        hosts: target,
        enrolled: enrolledBefore,
        windowS: round(used.wallSeconds),
        ...sum,
        perHostRps: round(sum.rps / target, 3),
        serverBusy: round(used.busy, 3),
        hostsPerBusyCore: Math.round(target / used.busy),
        fleetMixHostsPerBusyCore: Math.round(sum.rps / used.busy / FLEET_RPS_PER_HOST),
        rssMiB: round(rssBytes(server.pid) / 2 ** 20),
        dbQueriesPerCheckIn: checkIns > 0 ? round((q1 - q0) / checkIns, 4) : NaN,
        checkIns,
        clientBusy,
        clientLoopP99Ms: round(loop.percentile(99) / 1e6),
        ok: true,
      };
      if (step.errors > 0) Object.assign(step, { ok: false, reason: `${step.errors} errors` });
      else if (step.p99Ms > P99_LIMIT_MS) Object.assign(step, { ok: false, reason: `p99 ${step.p99Ms} ms > ${P99_LIMIT_MS} ms${clientBusy > 0.9 ? ' (load generator saturated: its own core is busy, latency is partly client-side)' : ''}` });
      else if (step.enrolled < target) Object.assign(step, { ok: false, reason: `only ${step.enrolled}/${target} hosts enrolled` });
      steps.push(step);
      log(
        `[${mode}] ${target} hosts: ${step.rps} req/s (${step.perHostRps}/host), p99 ${step.p99Ms} ms, max ${step.maxMs} ms, errors ${step.errors}, server ${round(step.serverBusy * 100)}% of a core → ${step.hostsPerBusyCore} hosts/busy core (${step.fleetMixHostsPerBusyCore} at Fleet's 0.28 req/s/host), RSS ${step.rssMiB} MiB, DB queries/check-in ${step.dbQueriesPerCheckIn}, load generator ${round(clientBusy * 100)}% busy (loop p99 ${step.clientLoopP99Ms} ms)${step.ok ? '' : ` — STOP: ${step.reason}`}`,
      );
      if (!step.ok) break;
    }
    const good = steps.filter((s) => s.ok);
    return {
      mode,
      baselineRssMiB: round(baselineRss / 2 ** 20),
      burst,
      idleRssBytesPerHost,
      idleHeapBytesPerHost,
      emptyRead,
      steps,
      sustainedHosts: good.length ? Math.max(...good.map((s) => s.hosts)) : 0,
      bestHostsPerBusyCore: good.length ? Math.max(...good.map((s) => s.hostsPerBusyCore)) : 0,
      bestFleetMixHostsPerBusyCore: good.length ? Math.max(...good.map((s) => s.fleetMixHostsPerBusyCore)) : 0,
    };
  } finally {
    await Promise.all(fleets.map((f) => f.stop()));
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (mode === 'distributed') await dropDatabase(dbName);
  }
}

async function dropDatabase(name: string): Promise<void> {
  try {
    const conn = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.end();
  } catch (err) {
    log(`warning: could not drop ${name}: ${(err as Error).message}`);
  }
}

function machine(): Record<string, string | number> {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim() ?? model;
  } catch {
    // keep os.cpus()
  }
  return { nproc: cpus().length, cpu: model, node: process.version, memGiB: round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}` };
}

function table(results: ModeResult[], bare: SaturationResult & { rpsPerBusyCore: number }): string {
  const lines: string[] = [];
  lines.push(`bare Node HTTP server ({}): ${bare.rpsPerBusyCore} req/s per busy core (${Math.round(bare.rps)} req/s measured)`);
  for (const r of results) {
    lines.push('');
    lines.push(`== ${r.mode} ==`);
    lines.push(`empty distributed/read: ${r.emptyRead.rpsPerBusyCore} req/s per busy core = ${round(r.emptyRead.rpsPerBusyCore / bare.rpsPerBusyCore, 2)} of bare Node (${Math.round(r.emptyRead.rps)} req/s measured, errors ${r.emptyRead.errors})`);
    lines.push(`enroll burst: ${r.burst.enrolled}/${r.burst.hosts} in ${r.burst.seconds} s, errors ${r.burst.errors}, p99 ${r.burst.p99Ms} ms`);
    lines.push(`idle enrolled host (after full GC): ${r.idleHeapBytesPerHost} B of V8 heap, ${r.idleRssBytesPerHost} B of RSS each (baseline RSS ${r.baselineRssMiB} MiB)`);
    lines.push('hosts  | req/s  | read p50/p99/max ms | config p99 | log p99 | write p99 | errors | server busy | hosts/busy core | at 0.28 req/s/host | RSS MiB | DB q/check-in | loadgen busy');
    for (const s of r.steps) {
      const e = (n: OsqueryEndpoint) => s.endpoints[n];
      const rd = e('distributed/read');
      lines.push(
        [s.hosts, s.rps, rd ? `${rd.p50Ms}/${rd.p99Ms}/${rd.maxMs}` : '-', e('config')?.p99Ms ?? '-', e('log')?.p99Ms ?? '-', e('distributed/write')?.p99Ms ?? '-', s.errors, `${round(s.serverBusy * 100)}%`, s.hostsPerBusyCore, s.fleetMixHostsPerBusyCore, s.rssMiB, s.dbQueriesPerCheckIn, `${round(s.clientBusy * 100)}%`]
          .map(String)
          .join(' | ') + (s.ok ? '' : `  ← ${s.reason}`),
      );
    }
    lines.push(`sustained: ${r.sustainedHosts} hosts with p99 < ${P99_LIMIT_MS} ms and no errors; ${r.bestHostsPerBusyCore} hosts per busy core at this simulator's mix, ${r.bestFleetMixHostsPerBusyCore} at Fleet's 0.28 req/s per host (extrapolated from CPU use)`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (cpus().length < 2) log('warning: fewer than 2 CPUs; server and load generator share a core');
  pinSelf();
  const runId = `${Date.now().toString(36)}`;
  log(`ingest bench ${runId}: ${JSON.stringify(args)}`);
  const m = machine();
  log(`machine: ${JSON.stringify(m)}`);
  const bare = await measureBare(args);
  log(`bare Node HTTP server: ${Math.round(bare.rps)} req/s at ${bare.serverBusy} core busy → ${bare.rpsPerBusyCore} req/s per busy core`);
  const results: ModeResult[] = [];
  for (const mode of args.modes) results.push(await runMode(mode, args, runId));
  const summary = table(results, bare);
  log(`\n${summary}`);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `ingest-${runId}.json`);
  writeFileSync(file, JSON.stringify({ runId, at: new Date().toISOString(), args, machine: m, bare, results }, null, 2));
  log(`\nresults: ${file}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
