import type { LogType } from '../config/log-shipper.config';
import { LogDeliveryError } from './delivery.errors';
import { HttpTarget, httpTarget, postJson } from './http-post';
import type { LogBatch, LogDestination } from './log-destination';

const CONTENT_TYPE = 'application/vnd.kafka.json.v2+json';
const ACCEPT = 'application/vnd.kafka.v2+json';

interface ProduceResponse {
  offsets?: Array<{ partition?: number | null; offset?: number | null; error_code?: number | null; error?: string | null }>;
}

/**
 * `kafkarest`: Confluent REST Proxy v2. Each batch is one `POST /topics/<topic>` with body
 * `{"records":[{"value": <line>}, …]}`. The proxy answers 200 even when Kafka refused some
 * records: each refused one has an `error_code` in its `offsets` entry (1 non-retriable, 2
 * retriable), and only those are sent again.
 */
export class KafkaRestDestination implements LogDestination {
  readonly name = 'kafkarest' as const;
  private readonly targets: Partial<Record<LogType, HttpTarget>>;

  constructor(proxyUrl: string, topics: Partial<Record<LogType, string>>) {
    const base = proxyUrl.replace(/\/+$/, '');
    this.targets = Object.fromEntries(Object.entries(topics).map(([type, topic]) => [type, httpTarget(`${base}/topics/${encodeURIComponent(topic)}`)]));
  }

  async send(batch: LogBatch, signal: AbortSignal): Promise<void> {
    const target = this.targets[batch.logType];
    if (!target) throw new Error(`no Kafka topic for ${batch.logType} logs`);
    const body = `{"records":[${batch.records.map((r) => `{"value":${r.json}}`).join(',')}]}`;
    const text = await postJson(target, body, CONTENT_TYPE, signal, ACCEPT);
    let offsets: NonNullable<ProduceResponse['offsets']>;
    try {
      offsets = (JSON.parse(text) as ProduceResponse).offsets ?? [];
    } catch {
      throw new LogDeliveryError('server_error', 'the REST proxy answered 2xx with a body that is not JSON');
    }
    if (offsets.length !== batch.records.length) {
      throw new LogDeliveryError('server_error', `the REST proxy reported ${offsets.length} offsets for ${batch.records.length} records`);
    }
    const refused = batch.records.filter((_, i) => offsets[i]?.error_code != null);
    if (refused.length > 0) {
      const first = offsets.find((o) => o.error_code != null);
      throw new LogDeliveryError('partial', `Kafka refused ${refused.length} of ${batch.records.length} records (error_code ${first?.error_code}: ${first?.error ?? ''})`, { remaining: refused });
    }
  }

  async close(): Promise<void> {
    // fetch keeps no state of ours
  }
}
