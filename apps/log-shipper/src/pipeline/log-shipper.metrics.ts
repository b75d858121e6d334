import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '@flotilla/platform-metrics';

/** log-shipper's Prometheus metrics, on the process registry (served at /metrics). */
@Injectable()
export class LogShipperMetrics {
  readonly linesDelivered: Counter<'destination' | 'log_type'>;
  readonly retries: Counter<'destination'>;
  readonly failures: Counter<'destination' | 'reason'>;
  readonly lag: Gauge<'destination'>;
  readonly batchDuration: Histogram<'destination'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.linesDelivered = new Counter({
      name: 'flotilla_log_lines_delivered_total',
      help: 'osquery log lines a destination accepted, by destination and log type (redeliveries count again).',
      labelNames: ['destination', 'log_type'],
      registers,
    });
    this.retries = new Counter({
      name: 'flotilla_log_delivery_retries_total',
      help: 'Delivery attempts repeated after a failure, by destination.',
      labelNames: ['destination'],
      registers,
    });
    this.failures = new Counter({
      name: 'flotilla_log_delivery_failures_total',
      help: 'Failed delivery attempts, by destination and reason (network, timeout, throttled, server_error, client_error, partial, unavailable, deferred).',
      labelNames: ['destination', 'reason'],
      registers,
    });
    this.lag = new Gauge({
      name: 'flotilla_log_delivery_lag_seconds',
      help: 'Age (now − received by osquery-ingest) of the last stream message a destination finished delivering.',
      labelNames: ['destination'],
      registers,
    });
    this.batchDuration = new Histogram({
      name: 'flotilla_log_batch_delivery_duration_seconds',
      help: 'Time to deliver one batch, retries included, by destination.',
      labelNames: ['destination'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
  }
}
