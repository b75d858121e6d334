import { isAbortError, sleep } from './abortable';
import type { OsqueryRow } from './agent-sim.types';
import type { HostIdentity, JsonObject, OsqueryEndpoint, SimulatedHostBehaviour } from './agent-sim.types';
import type { FleetStatsCollector } from './fleet-stats';
import type { HostTemplate, RenderedHostTemplate } from './host-template';
import type { OsqueryTransport } from './osquery-transport';
import { emptyResults, LIVE_QUERY_PREFIX, QueryAnswerer, type DistributedResults } from './query-answerer';
import { ScheduledLogBuffer, scheduledQueriesFromConfig } from './scheduled-log-buffer';
import { SimRandom } from './sim-random';

export interface SimulatedHostOptions extends SimulatedHostBehaviour {
  identity: HostIdentity;
  template: HostTemplate;
  enrollSecret: string;
  /** Shared by every host of a fleet (one keep-alive pool). */
  transport: OsqueryTransport;
  stats: FleetStatsCollector;
  /** Seed of the host's random streams (answers, backoff jitter, status lines). */
  seed?: string | number;
}

type Tick = () => Promise<void>;

/** Returns the map if it is `{name: non-empty SQL string}`, otherwise undefined (osquery rejects the whole read). */
function stringMap(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  const entries = Object.entries(v as Record<string, unknown>);
  return entries.every(([k, s]) => k !== '' && typeof s === 'string' && s !== '') ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

/**
 * One simulated osquery agent. After its start delay it enrolls (retrying with jittered
 * backoff until it gets a key), fetches its config, does a first distributed read/write, then
 * runs osquery's three independent loops: distributed (read; write only when queries came
 * back or an earlier write failed), config (refreshes the schedule) and logger (buffers
 * snapshot results of due scheduled queries and sends them, plus occasional status lines).
 * `node_invalid: true` on any reply drops the key; the next call re-enrolls.
 */
export class SimulatedHost {
  readonly identity: HostIdentity;
  readonly rendered: RenderedHostTemplate;
  private readonly answerer: QueryAnswerer;
  private readonly logs: ScheduledLogBuffer;
  private readonly random: SimRandom;
  private readonly controller = new AbortController();
  private nodeKey: string | undefined;
  private lostKey = false;
  private enrolling: Promise<string> | undefined;
  private pendingWrite: DistributedResults | undefined;
  private accelerateUntil = 0;
  private loggerTicks = 0;
  private running: Promise<void> | undefined;
  private hasStarted = false;
  private hasWritten = false;

  constructor(private readonly opts: SimulatedHostOptions) {
    this.identity = opts.identity;
    this.rendered = opts.template.render({
      uuid: opts.identity.uuid,
      hostname: opts.identity.hostname,
      serialNumber: opts.identity.serialNumber,
      reportedSerialNumber: opts.identity.reportedSerialNumber,
      enrollSecret: opts.enrollSecret,
      distributedIntervalSeconds: Math.round(this.distributedIntervalMs / 1000),
      configIntervalSeconds: Math.round(this.configIntervalMs / 1000),
      diskEncryptionEnabled: opts.identity.diskEncryptionEnabled,
    });
    this.random = new SimRandom('agent-sim-host', opts.seed ?? 0, opts.identity.index);
    this.answerer = new QueryAnswerer(this.rendered, this.random.fork('answers'), opts);
    this.logs = new ScheduledLogBuffer(
      opts.identity,
      this.rendered,
      this.random.fork('logs'),
      opts.scheduleTimeScale ?? 1,
      opts.maxBufferedLogLines ?? 1_000_000,
      (sql) => this.answerer.evaluate(sql),
    );
  }

  /** Answers the distributed query `name` with `rows` from now on (undefined: back to the default). */
  setAnswer(name: string, rows: OsqueryRow[] | undefined): void {
    this.answerer.setOverride(name, rows);
  }

  /** True once the start delay has passed. */
  get started(): boolean {
    return this.hasStarted;
  }

  /** True while the host holds a node key. */
  get enrolled(): boolean {
    return this.nodeKey !== undefined;
  }

  /** True once a distributed/write succeeded: the answers to the first check-in's detail queries are in. */
  get checkedIn(): boolean {
    return this.hasWritten;
  }

  get currentNodeKey(): string | undefined {
    return this.nodeKey;
  }

  /** Result-log names of the scheduled queries from the host's last config (`pack/Global/<query>`…). */
  get scheduledQueryNames(): string[] {
    return this.logs.queries.map((q) => q.name);
  }

  get bufferedLogLines(): number {
    return this.logs.size;
  }

  /** Starts the host after `delayMs` (non-blocking; stop() ends it). */
  start(delayMs = 0): void {
    if (this.running) throw new Error('SimulatedHost already started');
    this.running = this.run(delayMs);
  }

  /** Aborts in-flight requests and timers and resolves when every loop has exited. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private get distributedIntervalMs(): number {
    return this.opts.distributedIntervalMs ?? 10_000;
  }

  private get configIntervalMs(): number {
    return this.opts.configIntervalMs ?? 60_000;
  }

  private async run(delayMs: number): Promise<void> {
    try {
      await sleep(delayMs, this.signal);
      this.hasStarted = true;
      await this.ensureEnrolled();
      await this.guard(() => this.configTick());
      await this.guard(() => this.distributedTick());
      await Promise.all([
        this.loop(() => this.distributedDelay(), () => this.distributedTick()),
        this.loop(() => this.configIntervalMs, () => this.configTick()),
        this.loop(() => this.opts.loggerPeriodMs ?? 10_000, () => this.loggerTick()),
      ]);
    } catch (err) {
      if (!isAbortError(err)) this.opts.stats.recordInternalError(err);
    }
  }

  private async loop(delay: () => number, tick: Tick): Promise<void> {
    for (;;) {
      await sleep(delay(), this.signal);
      await this.guard(tick);
    }
  }

  /** Runs a tick; anything but an abort is a simulator bug, counted and survived. */
  private async guard(tick: Tick): Promise<void> {
    try {
      await tick();
    } catch (err) {
      if (isAbortError(err)) throw err;
      this.opts.stats.recordInternalError(err);
    }
  }

  private distributedDelay(): number {
    if (Date.now() >= this.accelerateUntil) return this.distributedIntervalMs;
    return Math.min(this.opts.accelerateIntervalMs ?? 5_000, this.distributedIntervalMs);
  }

  private ensureEnrolled(): Promise<string> {
    if (this.nodeKey !== undefined) return Promise.resolve(this.nodeKey);
    this.enrolling ??= this.enrollUntilSuccess().finally(() => {
      this.enrolling = undefined;
    });
    return this.enrolling;
  }

  private async enrollUntilSuccess(): Promise<string> {
    const base = this.opts.enrollRetryBaseMs ?? 1_000;
    const cap = this.opts.enrollRetryMaxMs ?? 60_000;
    for (let attempt = 0; ; attempt++) {
      const res = await this.opts.transport.post('enroll', { ...this.rendered.enrollBody }, { signal: this.signal, osqueryVersion: this.rendered.osqueryVersion });
      if (res.kind === 'ok') {
        const key = res.body['node_key'] ?? res.body['id'];
        if (typeof key === 'string' && key !== '') {
          this.nodeKey = key;
          this.opts.stats.counters.enrollments++;
          if (this.lostKey) this.opts.stats.counters.reEnrollments++;
          this.lostKey = false;
          return key;
        }
        this.opts.stats.recordProtocolError('enroll', 'enroll reply without a node_key');
      }
      await sleep(Math.min(cap, base * 2 ** Math.min(attempt, 20)) * (0.5 + this.random.next()), this.signal);
    }
  }

  /** A node-key-authenticated call; undefined when it failed (node_invalid already handled). */
  private async call(endpoint: OsqueryEndpoint, payload: JsonObject): Promise<JsonObject | undefined> {
    const nodeKey = await this.ensureEnrolled();
    const res = await this.opts.transport.post(endpoint, payload, { nodeKey, signal: this.signal, osqueryVersion: this.rendered.osqueryVersion });
    if (res.kind === 'ok') return res.body;
    if (res.kind === 'node_invalid' && this.nodeKey === nodeKey) {
      this.nodeKey = undefined;
      this.lostKey = true;
    }
    return undefined;
  }

  private async configTick(): Promise<void> {
    const config = await this.call('config', {});
    if (config) this.logs.setSchedule(scheduledQueriesFromConfig(config, this.rendered.family, this.rendered.platform), Date.now());
  }

  private async distributedTick(): Promise<void> {
    const read = await this.call('distributed/read', {});
    if (read) {
      const accelerate = read['accelerate'];
      if (typeof accelerate === 'number' && Number.isInteger(accelerate) && accelerate > 0) this.accelerateUntil = Date.now() + accelerate * 1000;
      const queries = stringMap(read['queries']);
      const discovery = stringMap(read['discovery']);
      if (!queries || !discovery) {
        this.opts.stats.recordProtocolError('distributed/read', 'queries/discovery is not a map of non-empty SQL strings');
      } else if (Object.keys(queries).length > 0) {
        this.pendingWrite = this.answerer.answer(queries, discovery, this.pendingWrite ?? emptyResults());
      }
    }
    const pending = this.pendingWrite;
    const answered = pending ? Object.keys(pending.queries).length : 0;
    if (!pending || answered === 0) return;
    if (this.opts.onLiveQueryWrite) {
      const live = Object.keys(pending.queries).filter((n) => n.startsWith(LIVE_QUERY_PREFIX));
      if (live.length > 0) this.opts.onLiveQueryWrite(this.identity.hostname, live, Date.now());
    }
    const written = await this.call('distributed/write', { ...pending });
    if (written) {
      this.hasWritten = true;
      this.pendingWrite = undefined;
      this.opts.stats.counters.queriesAnswered += answered;
      this.opts.stats.counters.distributedWrites++;
    }
  }

  private async loggerTick(): Promise<void> {
    const now = Date.now();
    this.logs.collectDue(now);
    if (this.logs.size > 0) {
      const batch = this.logs.take(this.opts.loggerMaxLines ?? 1024);
      const ok = await this.call('log', { log_type: 'result', data: batch });
      if (ok) {
        this.opts.stats.counters.logLinesSent += batch.length;
        this.opts.onLogsAcknowledged?.(this.opts.identity.hostname, 'result', batch);
      } else this.logs.restore(batch);
    }
    const first = this.loggerTicks++ === 0;
    if (first || this.random.chance(this.opts.statusLogProb ?? 0.1)) {
      const lines = this.logs.statusLines(now, first ? 2 : this.random.between(1, 3));
      const ok = await this.call('log', { log_type: 'status', data: lines });
      if (ok) {
        this.opts.stats.counters.statusLinesSent += lines.length;
        this.opts.onLogsAcknowledged?.(this.opts.identity.hostname, 'status', lines);
      }
    }
  }
}
