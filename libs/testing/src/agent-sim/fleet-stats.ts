import { OSQUERY_ENDPOINTS, type EndpointStatsSnapshot, type OsqueryEndpoint } from './agent-sim.types';
import { LatencyHistogram } from './latency-histogram';

/** How one request ended, as the transport classifies it. */
export type RequestOutcome = 'ok' | 'node_invalid' | 'error';

interface EndpointCounters {
  latency: LatencyHistogram;
  errors: number;
  nodeInvalid: number;
  bytesSent: number;
  bytesReceived: number;
  lastError?: string;
}

/** Fleet-wide counters that hosts bump as they go (all hosts of a fleet share one). */
export interface FleetCounters {
  enrollments: number;
  reEnrollments: number;
  queriesAnswered: number;
  distributedWrites: number;
  logLinesSent: number;
  statusLinesSent: number;
  /** Exceptions inside a host loop that are not HTTP outcomes (simulator bugs); see lastInternalError. */
  internalErrors: number;
}

/** Collects per-endpoint latency/outcomes and fleet counters; cheap enough to call per request. */
export class FleetStatsCollector {
  readonly counters: FleetCounters = { enrollments: 0, reEnrollments: 0, queriesAnswered: 0, distributedWrites: 0, logLinesSent: 0, statusLinesSent: 0, internalErrors: 0 };
  lastInternalError: string | undefined;
  private readonly endpoints = new Map<OsqueryEndpoint, EndpointCounters>();
  private startedAt = Date.now();

  constructor() {
    for (const e of OSQUERY_ENDPOINTS) this.endpoints.set(e, { latency: new LatencyHistogram(), errors: 0, nodeInvalid: 0, bytesSent: 0, bytesReceived: 0 });
  }

  recordRequest(endpoint: OsqueryEndpoint, outcome: RequestOutcome, latencyMs: number, bytesSent: number, bytesReceived: number, error?: string): void {
    const c = this.endpoints.get(endpoint);
    if (!c) return;
    c.latency.record(latencyMs);
    c.bytesSent += bytesSent;
    c.bytesReceived += bytesReceived;
    if (outcome === 'error') {
      c.errors++;
      if (error) c.lastError = error;
    } else if (outcome === 'node_invalid') {
      c.nodeInvalid++;
    }
  }

  /** A reply that was valid JSON but not valid for the protocol (e.g. a non-string query): counts as an error without a latency sample. */
  recordProtocolError(endpoint: OsqueryEndpoint, reason: string): void {
    const c = this.endpoints.get(endpoint);
    if (!c) return;
    c.errors++;
    c.lastError = reason;
  }

  recordInternalError(err: unknown): void {
    this.counters.internalErrors++;
    this.lastInternalError = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }

  /**
   * Starts a new measurement window: per-endpoint latency, counts, errors and bytes start from
   * zero (fleet counters such as enrollments keep counting); elapsedMs restarts too.
   */
  resetWindow(): void {
    for (const c of this.endpoints.values()) {
      c.latency.reset();
      c.errors = 0;
      c.nodeInvalid = 0;
      c.bytesSent = 0;
      c.bytesReceived = 0;
      delete c.lastError;
    }
    this.startedAt = Date.now();
  }

  /** Restarts the clock behind elapsedMs (AgentFleet.start() calls it). */
  markStarted(): void {
    this.startedAt = Date.now();
  }

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  endpointSnapshots(): Record<OsqueryEndpoint, EndpointStatsSnapshot> {
    const out = {} as Record<OsqueryEndpoint, EndpointStatsSnapshot>;
    for (const [endpoint, c] of this.endpoints) {
      out[endpoint] = {
        endpoint,
        count: c.latency.count,
        errors: c.errors,
        nodeInvalid: c.nodeInvalid,
        bytesSent: c.bytesSent,
        bytesReceived: c.bytesReceived,
        p50Ms: round(c.latency.quantile(0.5)),
        p99Ms: round(c.latency.quantile(0.99)),
        maxMs: round(c.latency.max),
        ...(c.lastError ? { lastError: c.lastError } : {}),
      };
    }
    return out;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
