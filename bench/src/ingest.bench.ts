// Ingest benchmark (issue #8): osquery-ingest pinned to core 0, load from this process on core 1.
//   npm run bench:ingest               full run (15–25 min, depending on how far the ramp gets): bare Node server, distributed, standalone
//   npm run bench:ingest -- --quick    ~9 min: steps 1k/5k, 2 000-host burst, shorter windows
// Options: --modes distributed,standalone  --steps 1000,5000,...  --window 30  --settle 15  --burst 5000  --saturate 10
//          --enroll-rate 200 (new hosts per second in a ramp step)  --status-log-prob 0.6  --report store|discard|none
//          --profile (writes .cpuprofile files)  --server-node-args "--max-semi-space-size=64" (extra flags for the server)
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AgentFleet, FleetStatsCollector, OSQUERY_ENDPOINTS, type EndpointStatsSnapshot, type OsqueryEndpoint } from '@flotilla/testing';
import { cleanUpDistributed, createReportInDatabase, createReportThroughApi, MYSQL, NATS_URL, REDIS_URL, waitForReportServed, type BenchReport } from './ingest-fixtures';
import { CoreMeter, CpuMeter, pidsOf, rssBytes } from './proc';
import { saturate, type SaturationResult } from './saturate';

const ROOT = resolve(__dirname, '../../..');
const SECRET = 'bench-enroll-secret-0123456789';
const P99_LIMIT_MS = 50;
/** Fleet's load test: ~0.28 requests/s per host. */
const FLEET_RPS_PER_HOST = 0.28;
const SERVER_CORE = '0';
const CLIENT_CORE = '1';
/** The services the distributed mode uses, on the same VM: their CPU competes with both cores. */
const DEPENDENCY_PROCESSES = ['mariadbd', 'nats-server', 'redis-server'] as const;

interface Args {
  quick: boolean;
  modes: Mode[];
  steps: number[];
  windowS: number;
  settleS: number;
  burst: number;
  saturateS: number;
  /** New hosts started per second in a ramp step (each enrolls, then writes its first detail answers). */
  enrollRate: number;
  /** Share of logger periods that also send status lines (a separate /log request). */
  statusLogProb: number;
  /** The scheduled report that makes hosts send result logs every 10 s: stored as a query report, logs only, or none. */
  report: 'store' | 'discard' | 'none';
  profile: boolean;
  /** Extra node flags for the server under test (e.g. V8 heap tuning), space-separated. */
  serverNodeArgs: string[];
}
type Mode = 'distributed' | 'standalone';

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const modes = (get('modes') ?? 'distributed,standalone').split(',') as Mode[];
  const steps = (get('steps') ?? (quick ? '1000,5000' : '1000,2500,5000,10000,20000,40000')).split(',').map(Number);
  const report = get('report') ?? 'store';
  if (report !== 'store' && report !== 'discard' && report !== 'none') throw new Error(`--report must be store, discard or none`);
  return {
    quick,
    modes,
    steps,
    windowS: Number(get('window') ?? (quick ? 15 : 30)),
    settleS: Number(get('settle') ?? (quick ? 10 : 15)),
    burst: Number(get('burst') ?? (quick ? 2000 : 5000)),
    saturateS: Number(get('saturate') ?? (quick ? 5 : 10)),
    enrollRate: Number(get('enroll-rate') ?? 200),
    statusLogProb: Number(get('status-log-prob') ?? 0.6),
    report,
    profile: argv.includes('--profile'),
    serverNodeArgs: (get('server-node-args') ?? '').split(' ').filter(Boolean),
  };
}

/**
 * The scheduled report every simulated host runs: a global saved query every 10 s with
 * automations on, so each host's logger sends one result line per period, as in Fleet's load test.
 */
function benchReport(args: Args): BenchReport | undefined {
  if (args.report === 'none') return undefined;
  return { name: 'bench-osquery-info', query: 'SELECT * FROM osquery_info;', intervalS: 10, discardData: args.report === 'discard' };
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

interface GcTotals {
  /** Seconds spent in GC pauses so far. */
  seconds: number;
  /** Pauses so far, and those longer than 10 ms (prom-client's gc histogram buckets). */
  count: number;
  over10ms: number;
}

/**
 * From the server's /metrics: SQL statements so far, GC pauses so far (all kinds), and its
 * event-loop delay p99/max (ms) since the previous scrape (prom-client resets that histogram on
 * every scrape; sampled every 10 ms, so an idle loop reads about 10 ms).
 */
async function serverMetrics(port: number): Promise<{ dbQueries: number; gc: GcTotals; loopP99Ms: number; loopMaxMs: number }> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
    const sum = (re: RegExp) => [...text.matchAll(re)].reduce((acc, m) => acc + Number(m[1]), 0);
    const gc = {
      seconds: sum(/^nodejs_gc_duration_seconds_sum\{[^}]*\} (\S+)/gm),
      count: sum(/^nodejs_gc_duration_seconds_count\{[^}]*\} (\S+)/gm),
      over10ms: sum(/^nodejs_gc_duration_seconds_bucket\{(?=[^}]*le="\+Inf")[^}]*\} (\S+)/gm) - sum(/^nodejs_gc_duration_seconds_bucket\{(?=[^}]*le="0\.01")[^}]*\} (\S+)/gm),
    };
    return { dbQueries: value('db_queries_total'), gc, loopP99Ms: round(value('nodejs_eventloop_lag_p99_seconds') * 1000), loopMaxMs: round(value('nodejs_eventloop_lag_max_seconds') * 1000) };
  } catch {
    return { dbQueries: NaN, gc: { seconds: NaN, count: NaN, over10ms: NaN }, loopP99Ms: NaN, loopMaxMs: NaN };
  }
}

type Saturation = SaturationResult & { serverBusy: number; rpsPerBusyCore: number; /** Hypervisor steal on each core during the measurement. */ steal: number[] };

const stealOf = (cores: CoreMeter): number[] => cores.busy().map((c) => round(c.steal, 3));

/**
 * One saturation measurement of a server: `path` under 32 closed-loop connections for the
 * `--saturate` window, after a warm-up, with the server's CPU (counted until `drainMs` after the
 * load, for work it finishes asynchronously) and each core's steal.
 */
async function measureSaturation(server: Server, path: string, bodies: readonly string[], args: Args, warmUp: { bodies: readonly string[]; ms: number; settleMs?: number }, drainMs = 0): Promise<Saturation> {
  await saturate(server.port, path, warmUp.bodies, 32, warmUp.ms);
  if (warmUp.settleMs) await sleep(warmUp.settleMs);
  const meter = new CpuMeter(server.pid);
  const cores = new CoreMeter();
  meter.start();
  cores.start();
  const r = await saturate(server.port, path, bodies, 32, args.saturateS * 1000);
  if (drainMs > 0) await sleep(drainMs);
  const cpu = meter.busy();
  return { ...r, serverBusy: round(cpu.busy, 2), rpsPerBusyCore: Math.round(r.requests / cpu.cpuSeconds), steal: stealOf(cores) };
}

type EndpointSummary = { count: number; rps: number; errors: number; nodeInvalid: number; p50Ms: number; p99Ms: number; maxMs: number; lastError?: string };

interface StepResult {
  hosts: number;
  enrolled: number;
  /** How the step's new hosts came in: started over startSeconds, all checked in (enrolled and first detail answers written) after checkInSeconds. */
  ramp: { startSeconds: number; checkInSeconds: number; checkedIn: number; errors: number; nodeInvalid: number; enrollP99Ms: number; readP99Ms: number; serverBusy: number };
  windowS: number;
  rps: number;
  perHostRps: number;
  endpoints: Partial<Record<OsqueryEndpoint, EndpointSummary>>;
  p99Ms: number;
  maxMs: number;
  errors: number;
  nodeInvalid: number;
  serverBusy: number;
  /** The part of serverBusy spent in the kernel (system calls, network stack). */
  serverKernel: number;
  /** GC pauses in the window: share of wall time, how many, how many longer than 10 ms. */
  gc: { share: number; pauses: number; over10ms: number };
  hostsPerBusyCore: number;
  /** Hosts per busy core if every host made Fleet's 0.28 req/s (the request rate per busy core / 0.28). */
  fleetMixHostsPerBusyCore: number;
  rssMiB: number;
  dbQueriesPerCheckIn: number;
  checkIns: number;
  /** Each core's utilisation in the window (every process on it) and the hypervisor's steal. */
  cores: Array<{ busy: number; steal: number }>;
  /** CPU of MariaDB, NATS and Redis in the window (share of one core; they are not pinned). */
  dependencies: Record<string, number>;
  /** The server's event-loop delay in the window (p99 and max, ms): what queues every request behind background work. */
  serverLoopP99Ms: number;
  serverLoopMaxMs: number;
  clientBusy: number;
  clientLoopP99Ms: number;
  ok: boolean;
  reason?: string;
}

function summarise(eps: Record<OsqueryEndpoint, EndpointStatsSnapshot>, seconds: number): Pick<StepResult, 'endpoints' | 'rps' | 'p99Ms' | 'maxMs' | 'errors' | 'nodeInvalid'> {
  const endpoints: StepResult['endpoints'] = {};
  let total = 0;
  let p99 = 0;
  let max = 0;
  let errors = 0;
  let nodeInvalid = 0;
  for (const e of OSQUERY_ENDPOINTS) {
    const s = eps[e];
    if (s.count === 0 && s.errors === 0) continue;
    endpoints[e] = { count: s.count, rps: round(s.count / seconds), errors: s.errors, nodeInvalid: s.nodeInvalid, p50Ms: s.p50Ms, p99Ms: s.p99Ms, maxMs: s.maxMs, ...(s.lastError ? { lastError: s.lastError } : {}) };
    total += s.count;
    errors += s.errors;
    nodeInvalid += e === 'enroll' ? 0 : s.nodeInvalid;
    if (e !== 'enroll') {
      p99 = Math.max(p99, s.p99Ms);
      max = Math.max(max, s.maxMs);
    }
  }
  return { endpoints, rps: round(total / seconds), p99Ms: p99, maxMs: max, errors, nodeInvalid };
}

interface ModeResult {
  mode: Mode;
  baselineRssMiB: number;
  burst: { hosts: number; seconds: number; enrolled: number; errors: number; p50Ms: number; p99Ms: number; maxMs: number; lastError?: string };
  idleRssBytesPerHost: number;
  idleHeapBytesPerHost: number;
  emptyRead: Saturation;
  /** Result logs of the scheduled report at saturation (CPU counted until their reports are stored). */
  logPath?: Saturation;
  steps: StepResult[];
  sustainedHosts: number;
  bestHostsPerBusyCore: number;
  bestFleetMixHostsPerBusyCore: number;
  cleanup: string[];
}

async function measureBare(args: Args): Promise<Saturation> {
  const server = await startProcess('dist/bench/src/bare-server.js', {});
  try {
    await waitHealthy(server, '/');
    const bodies = ['{"node_key":"x"}'];
    return await measureSaturation(server, '/api/v1/osquery/distributed/read', bodies, args, { bodies, ms: 1_000 });
  } finally {
    await server.stop();
  }
}

async function runMode(mode: Mode, args: Args, runId: string): Promise<ModeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `flotilla-bench-${mode}-`));
  const dbName = `flotilla_bench_${runId}`;
  const natsPrefix = `bench${runId}`;
  const redisPrefix = `bench-${runId}:`;
  const env: Record<string, string> = { FLOTILLA_DATA_DIR: dataDir, FLOTILLA_ENROLL_SECRET: SECRET, LOG_LEVEL: 'warn' };
  if (mode === 'distributed') {
    Object.assign(env, {
      MYSQL_URL: `mysql://${MYSQL.user}@${MYSQL.host}:${MYSQL.port}/${dbName}`,
      REDIS_URL,
      REDIS_KEY_PREFIX: redisPrefix,
      NATS_URL,
      NATS_SUBJECT_PREFIX: natsPrefix,
      DB_AUTO_MIGRATE: 'true',
    });
  }
  const script = mode === 'distributed' ? 'dist/apps/osquery-ingest/src/main.js' : 'dist/apps/standalone/src/main.js';
  const nodeArgs = ['--max-old-space-size=4096', '--expose-gc', ...args.serverNodeArgs, '-r', join(ROOT, 'dist/bench/src/gc-on-signal.js')];
  if (args.profile) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench/results', `prof-${mode}-${runId}`)}`);
  const server = await startProcess(script, env, nodeArgs);
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const fleets: AgentFleet[] = [];
  const cleanup: string[] = [];
  let report: BenchReport | undefined;
  try {
    await waitHealthy(server, '/healthz', 120_000);
    // Warm-up: 100 hosts enroll and check in once, so one-time initialisation (JIT, ORM metadata,
    // pools) is not charged to the burst hosts' memory.
    const warm = new AgentFleet({ baseUrl, enrollSecret: SECRET, hosts: 100, seed: `warm-${runId}`, startPeriodMs: 0 });
    await warm.start();
    await warm.waitFor((s) => s.enrolled === s.hosts, 60_000, 100).catch(() => undefined);
    await sleep(3_000);
    await warm.stop();
    // The scheduled report the ramp's hosts will run (the burst hosts stop before it is due).
    report = benchReport(args);
    const warmKey = warm.hosts.find((h) => h.currentNodeKey !== undefined)?.currentNodeKey;
    if (report && warmKey) {
      if (mode === 'distributed') await createReportInDatabase(dbName, natsPrefix, report);
      else await createReportThroughApi(baseUrl, report);
      await waitForReportServed(baseUrl, warmKey, report);
      log(`[${mode}] scheduled report "${report.name}" (${report.query}, every ${report.intervalS} s, ${report.discardData ? 'logs only' : 'logs + stored report'}) is in the hosts' config`);
    }
    const baseline = await settledMemory(server);
    const baselineRss = baseline.rss;
    log(`[${mode}] healthy on :${server.port}, pid ${server.pid}, RSS ${round(baselineRss / 2 ** 20)} MiB`);

    // 1. Enrollment burst: `burst` hosts enroll at once (osquery retries on failure; we count failures as errors).
    const burstStats = new FleetStatsCollector();
    const burstFleet = new AgentFleet({ baseUrl, enrollSecret: SECRET, hosts: args.burst, seed: `burst-${runId}`, startPeriodMs: 0, collector: burstStats, enrollRetryBaseMs: 1_000 });
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
    log(`[${mode}] burst: ${burst.enrolled}/${burst.hosts} enrolled in ${burst.seconds} s, enroll errors ${burst.errors}, p50 ${burst.p50Ms} ms, p99 ${burst.p99Ms} ms, max ${burst.maxMs} ms${burst.lastError ? ` (last error: ${burst.lastError})` : ''}`);
    await sleep(3_000);
    const idle = await settledMemory(server);
    const idleRssBytesPerHost = Math.round((idle.rss - baselineRss) / args.burst);
    const idleHeapBytesPerHost = Math.round((idle.heapUsed - baseline.heapUsed) / args.burst);
    log(`[${mode}] after full GC with ${args.burst} idle enrolled hosts: heap used +${idleHeapBytesPerHost} B/host, RSS ${round(idle.rss / 2 ** 20)} MiB (+${idleRssBytesPerHost} B/host)`);

    // 2. The empty distributed/read path at saturation, with the burst hosts' node keys.
    const keys = burstFleet.hosts.map((h) => h.currentNodeKey).filter((k): k is string => k !== undefined).slice(0, 256);
    const bodies = keys.map((k) => JSON.stringify({ node_key: k }));
    // Warm-up: JIT, and the detail queries still due for these hosts.
    const emptyRead = await measureSaturation(server, '/api/v1/osquery/distributed/read', bodies, args, { bodies, ms: 2_000 });
    log(`[${mode}] empty distributed/read: ${Math.round(emptyRead.rps)} req/s at ${emptyRead.serverBusy} core busy → ${emptyRead.rpsPerBusyCore} req/s per busy core (errors ${emptyRead.errors}, non-empty ${emptyRead.nonEmpty}, steal ${emptyRead.steal.map((x) => `${round(x * 100)}%`).join('/')})`);
    await sleep(2_000);
    const logPath = report ? await measureLogPath(server, keys, report, args, mode) : undefined;

    // 3. Ramp at Fleet's mix (read 10 s, config 60 s, logger 10 s with the report's results).
    const steps = await ramp(args, runId, server, baseUrl, fleets, mode);
    const good = steps.filter((s) => s.ok);
    return {
      mode,
      baselineRssMiB: round(baselineRss / 2 ** 20),
      burst,
      idleRssBytesPerHost,
      idleHeapBytesPerHost,
      emptyRead,
      ...(logPath ? { logPath } : {}),
      steps,
      sustainedHosts: good.length ? Math.max(...good.map((s) => s.hosts)) : 0,
      bestHostsPerBusyCore: good.length ? Math.max(...good.map((s) => s.hostsPerBusyCore)) : 0,
      bestFleetMixHostsPerBusyCore: good.length ? Math.max(...good.map((s) => s.fleetMixHostsPerBusyCore)) : 0,
      cleanup,
    };
  } finally {
    await Promise.all(fleets.map((f) => f.stop()));
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (mode === 'distributed') {
      cleanup.push(...(await cleanUpDistributed(dbName, natsPrefix, redisPrefix)));
      for (const problem of cleanup) log(`warning: cleanup: ${problem}`);
    }
  }
}

/** A result log line of the bench report, as osquery sends it (`pack/Global/<name>`, snapshot logging). */
function reportLine(report: BenchReport, hostIdentifier: string, unixTime: number): Record<string, unknown> {
  const row = { build_distro: 'focal', build_platform: 'ubuntu', config_hash: 'b7e0d1e8e6f3c2a1', config_valid: '1', extensions: 'active', instance_id: hostIdentifier, pid: '4242', platform_mask: '9', start_time: String(unixTime - 3600), uuid: hostIdentifier, version: '5.12.1', watcher: '4240' };
  return { name: `pack/Global/${report.name}`, hostIdentifier, calendarTime: new Date(unixTime * 1000).toUTCString(), unixTime, epoch: 0, counter: 0, numerics: false, decorations: { host_uuid: hostIdentifier, hostname: hostIdentifier }, action: 'snapshot', snapshot: [row] };
}

/**
 * The result-log path at saturation: every request carries a different run of the report (a
 * distinct unixTime, so the stream does not de-duplicate it), from the burst hosts' keys. The
 * reports are written asynchronously, so the server's CPU is counted until 5 s after the load.
 */
async function measureLogPath(server: Server, keys: readonly string[], report: BenchReport, args: Args, mode: Mode): Promise<Saturation> {
  const t0 = Math.floor(Date.now() / 1000);
  const bodies = Array.from({ length: 6_000 * args.saturateS }, (_, i) => {
    const key = keys[i % keys.length] as string;
    return JSON.stringify({ node_key: key, log_type: 'result', data: [reportLine(report, `bench-host-${i % keys.length}`, t0 + i)] });
  });
  const result = await measureSaturation(server, '/api/v1/osquery/log', bodies, args, { bodies: bodies.slice(-2_000), ms: 2_000, settleMs: 3_000 }, 5_000);
  log(`[${mode}] result /log (one report row each): ${Math.round(result.rps)} req/s → ${result.rpsPerBusyCore} req/s per busy core = ${Math.round(1e6 / result.rpsPerBusyCore)} µs of CPU each, ${report.discardData ? 'logs only (discard data)' : 'incl. storing the reports'} (errors ${result.errors})`);
  return result;
}

/**
 * Adds hosts step by step. Each step starts its new hosts at `enrollRate` per second, waits until
 * every one of them has enrolled and written its first detail answers (the expensive first
 * check-in), lets the fleet settle, then measures a window of steady state. Stops at the first
 * step with p99 > 50 ms (enroll excluded), any error, or hosts that never checked in.
 */
async function ramp(args: Args, runId: string, server: Server, baseUrl: string, fleets: AgentFleet[], mode: Mode): Promise<StepResult[]> {
  const collector = new FleetStatsCollector();
  const steps: StepResult[] = [];
  let current = 0;
  for (const target of args.steps) {
    const add = target - current;
    // At least one config interval, so the new hosts' 60 s config refreshes are spread evenly and
    // any window sees Fleet's mix; at most `enrollRate` new hosts per second.
    const startPeriodMs = Math.max(60_000, Math.round((add / args.enrollRate) * 1000));
    // Building the hosts renders every one's template: seconds of this process's time for 10k+
    // hosts, which delays the running hosts' timers; it is kept out of the ramp's statistics.
    const fleet = new AgentFleet({ baseUrl, enrollSecret: SECRET, hosts: add, seed: `ramp-${runId}-${target}`, startPeriodMs, collector, statusLogProb: args.statusLogProb });
    fleets.push(fleet);
    await sleep(1_000);
    collector.resetWindow();
    const rampCpu = new CpuMeter(server.pid);
    rampCpu.start();
    const t0 = performance.now();
    await fleet.start();
    current = target;
    log(`[${mode}] ${target} hosts: starting ${add} new hosts over ${startPeriodMs / 1000} s (${args.enrollRate}/s), waiting for their first check-ins`);
    const checkedIn = await fleet
      .waitFor((s) => s.checkedIn === s.hosts, startPeriodMs + 120_000, 500)
      .then((s) => s.checkedIn)
      .catch(() => fleet.stats().checkedIn);
    const checkInSeconds = round((performance.now() - t0) / 1000);
    const rampEps = collector.endpointSnapshots();
    const rampSum = summarise(rampEps, checkInSeconds);
    const rampInfo = {
      startSeconds: startPeriodMs / 1000,
      checkInSeconds,
      checkedIn,
      errors: rampSum.errors,
      nodeInvalid: rampSum.nodeInvalid,
      enrollP99Ms: rampEps.enroll.p99Ms,
      readP99Ms: rampEps['distributed/read'].p99Ms,
      serverBusy: round(rampCpu.busy().busy, 2),
    };
    log(`[${mode}] ${target} hosts: ${checkedIn}/${add} new hosts checked in after ${checkInSeconds} s (server ${round(rampInfo.serverBusy * 100)}% busy, errors ${rampInfo.errors}, node_invalid ${rampInfo.nodeInvalid}, enroll p99 ${rampInfo.enrollP99Ms} ms, read p99 ${rampInfo.readP99Ms} ms); settling ${args.settleS} s, measuring ${args.windowS} s`);
    await sleep(args.settleS * 1000);
    const enrolledBefore = fleets.reduce((s, f) => s + f.stats().enrolled, 0);
    collector.resetWindow();
    const before = await serverMetrics(server.port);
    const cpu = new CpuMeter(server.pid);
    const self = new CpuMeter(process.pid);
    const cores = new CoreMeter();
    const deps = [...pidsOf(DEPENDENCY_PROCESSES)].map(([name, pid]) => ({ name, meter: new CpuMeter(pid) }));
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    cpu.start();
    self.start();
    cores.start();
    for (const d of deps) d.meter.start();
    await sleep(args.windowS * 1000);
    const used = cpu.busy();
    const selfUsed = self.busy();
    const coreUse = cores.busy().map((c) => ({ busy: round(c.busy, 2), steal: round(c.steal, 3) }));
    const dependencies = Object.fromEntries(deps.map((d) => [d.name, round(d.meter.busy().busy, 3)]));
    loop.disable();
    const after = await serverMetrics(server.port);
    const eps = collector.endpointSnapshots();
    const sum = summarise(eps, used.wallSeconds);
    const checkIns = eps['distributed/read'].count + eps.config.count + eps.log.count + eps['distributed/write'].count;
    const clientBusy = round(selfUsed.busy, 2);
    const step: StepResult = {
      hosts: target,
      enrolled: enrolledBefore,
      ramp: rampInfo,
      windowS: round(used.wallSeconds),
      ...sum,
      perHostRps: round(sum.rps / target, 3),
      serverBusy: round(used.busy, 3),
      serverKernel: round(used.kernel, 3),
      gc: { share: round((after.gc.seconds - before.gc.seconds) / used.wallSeconds, 3), pauses: after.gc.count - before.gc.count, over10ms: after.gc.over10ms - before.gc.over10ms },
      hostsPerBusyCore: Math.round(target / used.busy),
      fleetMixHostsPerBusyCore: Math.round(sum.rps / used.busy / FLEET_RPS_PER_HOST),
      rssMiB: round(rssBytes(server.pid) / 2 ** 20),
      dbQueriesPerCheckIn: checkIns > 0 ? round((after.dbQueries - before.dbQueries) / checkIns, 4) : NaN,
      checkIns,
      cores: coreUse,
      dependencies,
      serverLoopP99Ms: after.loopP99Ms,
      serverLoopMaxMs: after.loopMaxMs,
      clientBusy,
      clientLoopP99Ms: round(loop.percentile(99) / 1e6),
      ok: true,
    };
    if (step.errors > 0) Object.assign(step, { ok: false, reason: `${step.errors} errors` });
    else if (step.p99Ms > P99_LIMIT_MS) {
      const steal = Math.max(...coreUse.map((c) => c.steal));
      const why = [clientBusy > 0.9 ? 'load generator saturated: its own core is busy, latency is partly client-side' : '', steal > 0.05 ? `hypervisor steal ${round(steal * 100)}%: the VM lost CPU to other guests in this window` : ''].filter(Boolean);
      Object.assign(step, { ok: false, reason: `p99 ${step.p99Ms} ms > ${P99_LIMIT_MS} ms${why.length ? ` (${why.join('; ')})` : ''}` });
    }
    else if (checkedIn < add) Object.assign(step, { ok: false, reason: `only ${checkedIn}/${add} new hosts checked in` });
    else if (step.enrolled < target) Object.assign(step, { ok: false, reason: `only ${step.enrolled}/${target} hosts enrolled` });
    steps.push(step);
    const by = (e: OsqueryEndpoint) => step.endpoints[e]?.rps ?? 0;
    log(
      `[${mode}] ${target} hosts: ${step.rps} req/s = ${step.perHostRps}/host (read ${by('distributed/read')}, config ${by('config')}, log ${by('log')}, write ${by('distributed/write')}), p99 ${step.p99Ms} ms, max ${step.maxMs} ms, errors ${step.errors}, node_invalid ${step.nodeInvalid}, server ${round(step.serverBusy * 100)}% of a core (kernel ${round(step.serverKernel * 100)}%, GC ${round(step.gc.share * 100)}% in ${step.gc.pauses} pauses, ${step.gc.over10ms} > 10 ms) → ${step.hostsPerBusyCore} hosts/busy core (${step.fleetMixHostsPerBusyCore} at 0.28 req/s/host), RSS ${step.rssMiB} MiB, DB queries/check-in ${step.dbQueriesPerCheckIn}, server event-loop delay p99/max ${step.serverLoopP99Ms}/${step.serverLoopMaxMs} ms, cores busy ${step.cores.map((c) => `${round(c.busy * 100)}%`).join('/')} (steal ${step.cores.map((c) => `${round(c.steal * 100)}%`).join('/')}), dependencies ${JSON.stringify(step.dependencies)}, load generator ${round(clientBusy * 100)}% busy (loop p99 ${step.clientLoopP99Ms} ms)${step.ok ? '' : ` — STOP: ${step.reason}`}`,
    );
    if (!step.ok) break;
  }
  return steps;
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
    if (r.logPath) lines.push(`result /log (one scheduled-report row each): ${r.logPath.rpsPerBusyCore} req/s per busy core = ${Math.round(1e6 / r.logPath.rpsPerBusyCore)} µs of CPU each (${Math.round(r.logPath.rps)} req/s measured, errors ${r.logPath.errors})`);
    lines.push(`enroll burst: ${r.burst.enrolled}/${r.burst.hosts} in ${r.burst.seconds} s, errors ${r.burst.errors}, p99 ${r.burst.p99Ms} ms`);
    lines.push(`idle enrolled host (after full GC): ${r.idleHeapBytesPerHost} B of V8 heap, ${r.idleRssBytesPerHost} B of RSS each (baseline RSS ${r.baselineRssMiB} MiB)`);
    lines.push('ramp: hosts | new hosts started over s | all checked in after s | server busy | errors | node_invalid | enroll p99 ms | read p99 ms');
    for (const s of r.steps) lines.push(['ramp', s.hosts, s.ramp.startSeconds, s.ramp.checkInSeconds, `${round(s.ramp.serverBusy * 100)}%`, s.ramp.errors, s.ramp.nodeInvalid, s.ramp.enrollP99Ms, s.ramp.readP99Ms].join(' | '));
    lines.push('hosts | req/s | per host | read/config/log/write req/s | read p50/p99/max ms | config p99 | log p99 | write p99 | errors | node_invalid | server busy | core 0/1 busy (steal) | server loop p99/max ms | kernel | GC share (pauses > 10 ms) | hosts/busy core | at 0.28 req/s/host | RSS MiB | DB q/check-in | loadgen busy');
    for (const s of r.steps) {
      const e = (n: OsqueryEndpoint) => s.endpoints[n];
      const rd = e('distributed/read');
      const rates = (['distributed/read', 'config', 'log', 'distributed/write'] as const).map((n) => e(n)?.rps ?? 0).join('/');
      lines.push(
        [s.hosts, s.rps, s.perHostRps, rates, rd ? `${rd.p50Ms}/${rd.p99Ms}/${rd.maxMs}` : '-', e('config')?.p99Ms ?? '-', e('log')?.p99Ms ?? '-', e('distributed/write')?.p99Ms ?? '-', s.errors, s.nodeInvalid, `${round(s.serverBusy * 100)}%`, s.cores.map((c) => `${round(c.busy * 100)}%`).join('/') + ` (${s.cores.map((c) => `${round(c.steal * 100)}%`).join('/')})`, `${s.serverLoopP99Ms}/${s.serverLoopMaxMs}`, `${round(s.serverKernel * 100)}%`, `${round(s.gc.share * 100)}% (${s.gc.over10ms})`, s.hostsPerBusyCore, s.fleetMixHostsPerBusyCore, s.rssMiB, s.dbQueriesPerCheckIn, `${round(s.clientBusy * 100)}%`]
          .map(String)
          .join(' | ') + (s.ok ? '' : `  ← ${s.reason}`),
      );
    }
    lines.push(`sustained: ${r.sustainedHosts} hosts with p99 < ${P99_LIMIT_MS} ms and no errors; ${r.bestHostsPerBusyCore} hosts per busy core at the measured mix, ${r.bestFleetMixHostsPerBusyCore} at exactly 0.28 req/s per host (from CPU use)`);
  }
  return lines.join('\n');
}

const load = () => loadavg().map((l) => round(l, 2));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (cpus().length < 2) log('warning: fewer than 2 CPUs; server and load generator share a core');
  pinSelf();
  const runId = `${Date.now().toString(36)}`;
  log(`ingest bench ${runId}: ${JSON.stringify(args)}`);
  const m = machine();
  const loadAtStart = load();
  log(`machine: ${JSON.stringify(m)}, load average ${loadAtStart.join(' ')}`);
  const bare = await measureBare(args);
  log(`bare Node HTTP server: ${Math.round(bare.rps)} req/s at ${bare.serverBusy} core busy → ${bare.rpsPerBusyCore} req/s per busy core (steal ${bare.steal.map((x) => `${round(x * 100)}%`).join('/')})`);
  const results: ModeResult[] = [];
  for (const mode of args.modes) results.push(await runMode(mode, args, runId));
  const summary = table(results, bare);
  const loadAtEnd = load();
  log(`\n${summary}\n\nload average at start ${loadAtStart.join(' ')}, at end ${loadAtEnd.join(' ')}`);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `ingest-${runId}.json`);
  writeFileSync(file, JSON.stringify({ runId, at: new Date().toISOString(), args, machine: m, loadAverage: { start: loadAtStart, end: loadAtEnd }, bare, results }, null, 2));
  log(`\nresults: ${file}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
