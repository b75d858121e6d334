import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { LogType } from '../config/log-shipper.config';
import { LogDeliveryError } from './delivery.errors';
import type { LogBatch, LogDestination } from './log-destination';

/** How long "does a stream capture this subject?" is remembered. */
const STREAM_LOOKUP_TTL_MS = 60_000;
const PUBLISH_TIMEOUT_MS = 10_000;

/**
 * `nats`: one NATS message per log line on NATS_RESULT_LOG_SUBJECT / NATS_STATUS_LOG_SUBJECT
 * (taken literally: NATS_SUBJECT_PREFIX does not apply), on its own connection to NATS_URL.
 * - When a JetStream stream captures the subject, each line is a JetStream publish: delivered
 *   means the stream stored it, and the line's dedupe id is its `Nats-Msg-Id`, so the stream
 *   drops a redelivered line within its duplicate window.
 * - Otherwise each line is a core publish, and delivered means the server received them (a flush
 *   round trip) — core NATS keeps nothing for subscribers that are not connected.
 */
export class NatsDestination implements LogDestination {
  readonly name = 'nats' as const;
  private connection: Promise<NatsConnection> | undefined;
  private readonly streams = new Map<string, { stream: string | undefined; until: number }>();

  constructor(
    private readonly url: string,
    private readonly subjects: Partial<Record<LogType, string>>,
  ) {}

  async send(batch: LogBatch, signal: AbortSignal): Promise<void> {
    const subject = this.subjects[batch.logType];
    if (!subject) throw new Error(`no NATS subject for ${batch.logType} logs`);
    try {
      const nc = await this.connect();
      if (await this.streamFor(nc, subject)) {
        const js = jetstream(nc);
        await Promise.all(batch.records.map((r) => js.publish(subject, r.json, { msgID: r.id, timeout: PUBLISH_TIMEOUT_MS })));
      } else {
        for (const r of batch.records) nc.publish(subject, r.json);
        await nc.flush();
      }
    } catch (err) {
      throw LogDeliveryError.from(err, signal);
    }
  }

  async close(): Promise<void> {
    const pending = this.connection;
    this.connection = undefined;
    const nc = await pending?.catch(() => undefined);
    await nc?.drain().catch(() => nc.close());
  }

  /** One connection, made on first use and again after a failed attempt or a fatal close. */
  private connect(): Promise<NatsConnection> {
    if (!this.connection) {
      const attempt = connect({ servers: this.url, name: 'flotilla-log-shipper', timeout: 2_000, reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 1_000 });
      this.connection = attempt;
      attempt.then(
        (nc) => void nc.closed().then(() => this.connection === attempt && (this.connection = undefined)),
        () => this.connection === attempt && (this.connection = undefined),
      );
    }
    return this.connection;
  }

  private async streamFor(nc: NatsConnection, subject: string): Promise<string | undefined> {
    const known = this.streams.get(subject);
    if (known && known.until > Date.now()) return known.stream;
    let stream: string | undefined;
    try {
      stream = await (await jetstreamManager(nc, { checkAPI: false })).streams.find(subject);
    } catch {
      stream = undefined; // no stream captures it (or no JetStream on this server)
    }
    this.streams.set(subject, { stream, until: Date.now() + STREAM_LOOKUP_TTL_MS });
    return stream;
  }
}
