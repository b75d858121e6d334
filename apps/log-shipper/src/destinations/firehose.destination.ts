import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { LogType } from '../config/log-shipper.config';
import { LogDeliveryError } from './delivery.errors';
import type { BatchLimits, LogBatch, LogDestination } from './log-destination';

export interface FirehoseOptions {
  /** Firehose-compatible endpoint; unset: AWS's endpoint for the region. */
  endpoint?: string;
  region: string;
  /** Both or neither; neither: the SDK's default credential chain. Requests are SigV4-signed either way. */
  accessKeyId?: string;
  secretAccessKey?: string;
  streams: Partial<Record<LogType, string>>;
}

/** PutRecordBatch limits: 500 records and 4 MiB per call. */
const FIREHOSE_LIMITS: BatchLimits = { maxLines: 500, maxBytes: 4 * 1024 * 1024 - 500 };

/**
 * `firehose`: Amazon Data Firehose (or a compatible endpoint) through the AWS SDK. Each batch is
 * one PutRecordBatch to FIREHOSE_RESULT_STREAM / FIREHOSE_STATUS_STREAM, one record per line
 * (the line plus "\n", so objects Firehose writes to S3 are JSON lines). Firehose may refuse
 * some records of a call (`FailedPutCount`): only those are sent again. The SDK's own retries are
 * off (maxAttempts 1): the DeliveryRunner retries, within the message's time budget.
 */
export class FirehoseDestination implements LogDestination {
  readonly name = 'firehose' as const;
  readonly limits = FIREHOSE_LIMITS;
  private readonly client: FirehoseClient;

  constructor(private readonly opts: FirehoseOptions) {
    this.client = new FirehoseClient({
      region: opts.region,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 5_000 },
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      ...(opts.accessKeyId && opts.secretAccessKey ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } } : {}),
    });
  }

  async send(batch: LogBatch, signal: AbortSignal): Promise<void> {
    const stream = this.opts.streams[batch.logType];
    if (!stream) throw new Error(`no Firehose stream for ${batch.logType} logs`);
    const records = batch.records.map((r) => ({ Data: Buffer.from(`${r.json}\n`) }));
    let out;
    try {
      out = await this.client.send(new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: records }), { abortSignal: signal });
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== undefined && !signal.aborted) throw LogDeliveryError.fromHttp(status, null, err instanceof Error ? `${err.name}: ${err.message}` : '');
      throw LogDeliveryError.from(err, signal);
    }
    if (!out.FailedPutCount) return;
    const answers = out.RequestResponses ?? [];
    // An answer list that does not line up with the records tells nothing: send them all again.
    const refused = answers.length === batch.records.length ? batch.records.filter((_, i) => answers[i]?.ErrorCode) : batch.records;
    const first = answers.find((a) => a.ErrorCode);
    throw new LogDeliveryError('partial', `Firehose refused ${out.FailedPutCount} of ${batch.records.length} records (${first?.ErrorCode ?? 'unknown'}: ${first?.ErrorMessage ?? ''})`, {
      remaining: refused.length > 0 ? refused : batch.records,
    });
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
