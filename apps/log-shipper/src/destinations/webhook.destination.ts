import type { LogType } from '../config/log-shipper.config';
import { HttpTarget, httpTarget, postJson } from './http-post';
import type { LogBatch, LogDestination } from './log-destination';

/**
 * `webhook`: each batch is one HTTP POST of a JSON array of log lines (Content-Type
 * application/json) to WEBHOOK_RESULT_URL or WEBHOOK_STATUS_URL; any 2xx means delivered.
 */
export class WebhookDestination implements LogDestination {
  readonly name = 'webhook' as const;
  private readonly targets: Partial<Record<LogType, HttpTarget>>;

  constructor(urls: Partial<Record<LogType, string>>) {
    this.targets = Object.fromEntries(Object.entries(urls).map(([type, url]) => [type, httpTarget(url)]));
  }

  async send(batch: LogBatch, signal: AbortSignal): Promise<void> {
    const target = this.targets[batch.logType];
    if (!target) throw new Error(`no webhook URL for ${batch.logType} logs`);
    await postJson(target, `[${batch.records.map((r) => r.json).join(',')}]`, 'application/json', signal);
  }

  async close(): Promise<void> {
    // fetch keeps no state of ours
  }
}
