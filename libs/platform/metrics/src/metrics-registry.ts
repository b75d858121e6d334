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
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    const labels = { method, route, status_code: String(statusCode) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
