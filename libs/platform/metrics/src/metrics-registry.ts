import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type BusDirection = 'out' | 'in';
export type BusOutcome = 'ok' | 'error';

/**
 * One Prometheus registry per process: Node's default metrics, HTTP, bus and dependency health.
 * Features register their own metrics on `registry`.
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status_code'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly busMessages: Counter<'subject' | 'kind' | 'direction' | 'outcome'>;
  readonly busRequestDuration: Histogram<'subject' | 'outcome'>;
  readonly dependencyUp: Gauge<'dependency' | 'kind'>;
  readonly dbQueries: Counter;
  private readonly httpChildren = new Map<string, { requests: { inc(): void }; duration: { observe(v: number): void } }>();

  constructor(labels: Record<string, string>) {
    this.registry.setDefaultLabels(labels);
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests handled, by route template and status.',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency, by route template and status.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.busMessages = new Counter({
      name: 'bus_messages_total',
      help: 'Bus messages sent (out) and handled (in), by subject, kind (request, event, stream) and outcome.',
      labelNames: ['subject', 'kind', 'direction', 'outcome'],
      registers,
    });
    this.busRequestDuration = new Histogram({
      name: 'bus_request_duration_seconds',
      help: 'Bus request/reply round-trip latency, by subject and outcome.',
      labelNames: ['subject', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    });
    this.dependencyUp = new Gauge({
      name: 'flotilla_dependency_up',
      help: '1 when the dependency (bus, db, cache, storage) is reachable, else 0.',
      labelNames: ['dependency', 'kind'],
      registers,
    });
    this.dbQueries = new Counter({
      name: 'db_queries_total',
      help: 'SQL statements sent through the ORM (reads, writes, transaction control; the MySQL health probe is not counted).',
      registers,
    });
  }

  /**
   * Per-request HTTP metrics. The labelled children are looked up once per (method, route,
   * status) and kept, so the hot path does not build a label object and hash it twice.
   */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${statusCode} ${route}`;
    let children = this.httpChildren.get(key);
    if (!children) {
      const labels = { method, route, status_code: String(statusCode) };
      children = { requests: this.httpRequests.labels(labels), duration: this.httpDuration.labels(labels) };
      this.httpChildren.set(key, children);
    }
    children.requests.inc();
    children.duration.observe(seconds);
  }

  contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
