import { sleep } from './abortable';
import type { AgentFleetStats, NodeKeyPlacement, SimulatedHostBehaviour } from './agent-sim.types';
import { FleetStatsCollector } from './fleet-stats';
import { deriveHostIdentity } from './host-identity';
import { HOST_TEMPLATE_NAMES, HostTemplate } from './host-template';
import { OsqueryTransport } from './osquery-transport';
import { SimulatedHost } from './simulated-host';

export interface AgentFleetOptions extends SimulatedHostBehaviour {
  /** `http://` or `https://` origin of the osquery TLS API. */
  baseUrl: string;
  enrollSecret: string;
  /** Number of simulated hosts. */
  hosts: number;
  /**
   * Template name → count (e.g. `{ 'ubuntu_22.04': 13, 'macos_14.1.2': 13, windows_11: 12, rhel_9: 12 }`).
   * Counts that do not add up to `hosts` are used as weights. Default: the four shipped templates evenly.
   */
  mix?: Record<string, number>;
  /** Seed of identities and random choices: same seed, same hosts. Default 1. */
  seed?: string | number;
  /** Host i starts at i · startPeriodMs / hosts (osquery-perf's staggered start). Default 10 s. */
  startPeriodMs?: number;
  /** Folder of `<name>.tmpl` files. Default: the shipped `__fixtures__`. */
  templatesDir?: string;
  gzip?: boolean;
  nodeKeyIn?: NodeKeyPlacement;
  /** PEM CA for a self-signed https server. */
  ca?: string | Buffer;
  /** Disable TLS verification. */
  insecure?: boolean;
  requestTimeoutMs?: number;
  maxSockets?: number;
  /** `{{ .GetSerialNumber }}` reports "-1" for this share of hosts. Default 0.05. */
  defaultSerialProb?: number;
  /** Share of macOS hosts with a FileVault escrow answer. Default 0.5. */
  diskEncryptionProb?: number;
  /** Stats collector to record into; several fleets may share one (a benchmark adding hosts in steps). Default: the fleet's own. */
  collector?: FleetStatsCollector;
}

/** Expands a name → count/weight mix into one template name per host, interleaved so a staggered start mixes platforms. */
export function expandMix(mix: Record<string, number>, hosts: number): string[] {
  const entries = Object.entries(mix).filter(([, n]) => n > 0);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (hosts > 0 && total <= 0) throw new Error('agent-sim: mix has no positive counts');
  let counts = entries.map(([name, n]) => ({ name, n }));
  if (total !== hosts) {
    const scaled = entries.map(([name, n]) => ({ name, exact: (n * hosts) / total }));
    counts = scaled.map(({ name, exact }) => ({ name, n: Math.floor(exact) }));
    const order = scaled.map((s, i) => ({ i, frac: s.exact - Math.floor(s.exact) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
    let missing = hosts - counts.reduce((s, c) => s + c.n, 0);
    for (const { i } of order) {
      if (missing-- <= 0) break;
      const c = counts[i];
      if (c) c.n++;
    }
  }
  const out: string[] = [];
  const remaining = counts.map((c) => ({ ...c }));
  for (let progressed = true; progressed && out.length < hosts; ) {
    progressed = false;
    for (const c of remaining) {
      if (c.n > 0) {
        out.push(c.name);
        c.n--;
        progressed = true;
      }
    }
  }
  return out;
}

/**
 * N simulated osquery hosts over a mix of templates, sharing one keep-alive pool and one
 * stats collector. Deterministic identities and choices for a given seed; start() is
 * staggered over startPeriodMs; stop() aborts everything and leaves no timers or sockets.
 */
export class AgentFleet {
  readonly hosts: readonly SimulatedHost[];
  private readonly collector: FleetStatsCollector;
  private readonly transport: OsqueryTransport;
  private state: 'new' | 'running' | 'stopped' = 'new';

  constructor(private readonly opts: AgentFleetOptions) {
    this.collector = opts.collector ?? new FleetStatsCollector();
    this.transport = new OsqueryTransport({
      baseUrl: opts.baseUrl,
      stats: this.collector,
      gzip: opts.gzip ?? false,
      nodeKeyIn: opts.nodeKeyIn ?? 'body',
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
      insecure: opts.insecure ?? false,
      ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
      ...(opts.maxSockets !== undefined ? { maxSockets: opts.maxSockets } : {}),
    });
    const seed = opts.seed ?? 1;
    const mix = opts.mix ?? Object.fromEntries(HOST_TEMPLATE_NAMES.map((n) => [n, 1]));
    this.hosts = expandMix(mix, opts.hosts).map(
      (name, index) =>
        new SimulatedHost({
          ...opts,
          identity: deriveHostIdentity(seed, index, { defaultSerialProb: opts.defaultSerialProb, diskEncryptionProb: opts.diskEncryptionProb }),
          template: HostTemplate.load(name, opts.templatesDir),
          enrollSecret: opts.enrollSecret,
          transport: this.transport,
          stats: this.collector,
          seed,
        }),
    );
  }

  /** Starts every host (staggered); resolves immediately. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`AgentFleet cannot start: ${this.state}`);
    this.state = 'running';
    if (!this.opts.collector) this.collector.markStarted();
    const period = this.opts.startPeriodMs ?? 10_000;
    const n = this.hosts.length;
    this.hosts.forEach((host, i) => host.start(n > 0 ? (i * period) / n : 0));
  }

  /** Stops every host, aborting in-flight requests, then closes the socket pool. Idempotent. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await Promise.all(this.hosts.map((h) => h.stop()));
    this.transport.close();
  }

  stats(): AgentFleetStats {
    const c = this.collector.counters;
    return {
      hosts: this.hosts.length,
      started: this.hosts.filter((h) => h.started).length,
      enrolled: this.hosts.filter((h) => h.enrolled).length,
      checkedIn: this.hosts.filter((h) => h.checkedIn).length,
      enrollments: c.enrollments,
      reEnrollments: c.reEnrollments,
      queriesAnswered: c.queriesAnswered,
      distributedWrites: c.distributedWrites,
      logLinesSent: c.logLinesSent,
      statusLinesSent: c.statusLinesSent,
      bufferedLogLines: this.hosts.reduce((s, h) => s + h.bufferedLogLines, 0),
      internalErrors: c.internalErrors,
      ...(this.collector.lastInternalError ? { lastInternalError: this.collector.lastInternalError } : {}),
      elapsedMs: this.collector.elapsedMs(),
      endpoints: this.collector.endpointSnapshots(),
    };
  }

  /** Starts a new measurement window for the per-endpoint stats (see FleetStatsCollector.resetWindow). */
  resetStats(): void {
    this.collector.resetWindow();
  }

  /** Polls stats() until `predicate` holds (returns those stats) or rejects after timeoutMs with the last stats. */
  async waitFor(predicate: (s: AgentFleetStats) => boolean, timeoutMs = 30_000, pollMs = 50): Promise<AgentFleetStats> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.stats();
      if (predicate(s)) return s;
      if (Date.now() >= deadline) {
        const { endpoints, ...counters } = s;
        throw new Error(`AgentFleet.waitFor timed out after ${timeoutMs} ms: ${JSON.stringify({ ...counters, endpoints: Object.values(endpoints) })}`);
      }
      await sleep(pollMs);
    }
  }
}
