import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { decodeLogRequest, isOsqueryCodecError, parseResultLine } from '@flotilla/codec-osquery';
import { OSQUERY_LOGS } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import type { Logger } from '@flotilla/platform-logging';
import { MetricsRegistry } from '@flotilla/platform-metrics';
import { BUS, LOGGER } from '@flotilla/platform-server';
import { OsqueryAgentError } from '../agent-api/osquery-agent.errors';
import type { HostState } from '../hosts/host-state';

/** Keep each stream message well under NATS' default 1 MiB payload. */
const CHUNK_BYTES = 768 * 1024;

/**
 * `/log`: the batch goes to the durable OSQUERY_LOGS stream, in chunks, and osquery gets 200
 * only once every chunk is stored. If the stream refuses, osquery gets an `error` answer, keeps
 * its buffered lines and sends them again; chunk ids (content hashes) make the resend idempotent
 * within the broker's duplicate window. A single line too large for any message is dropped and
 * logged (osquery would otherwise resend it forever).
 */
@Injectable()
export class LogsService {
  private readonly linesReceived: Counter<'log_type'>;
  private readonly refusals: Counter;

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    const registers = [metrics.registry];
    this.linesReceived = new Counter({
      name: 'flotilla_log_lines_received_total',
      help: 'osquery log lines stored in the durable log stream, by log type (lines osquery resends after a refusal count again).',
      labelNames: ['log_type'],
      registers,
    });
    this.refusals = new Counter({ name: 'flotilla_log_stream_refusals_total', help: 'Log stream appends refused (osquery was told to retry).', registers });
  }

  async submit(host: HostState, body: unknown): Promise<void> {
    const req = decodeLogRequest(body);
    const receivedAt = new Date().toISOString();
    const data = req.logType === 'result' ? this.wellFormedResults(host, req.data) : req.data;
    for (const { lines, json } of this.chunks(host, data)) {
      const msgId = createHash('sha256').update(`${host.id}\n${req.logType}\n`).update(json).digest('hex');
      try {
        await this.bus.append(OSQUERY_LOGS, { hostId: host.id, hostIdentifier: host.osqueryHostId, logType: req.logType, batchId: msgId, receivedAt, lines }, { msgId });
        this.linesReceived.inc({ log_type: req.logType }, lines.length);
      } catch (err) {
        this.refusals.inc();
        this.logger.warn({ err, hostId: host.id }, 'log stream refused a batch; osquery will resend');
        throw new OsqueryAgentError('log_store_unavailable', 'log storage is unavailable; retry later');
      }
    }
  }

  /**
   * Result lines without a query name (or otherwise not a result line) are dropped, as Fleet
   * does — never reported back, or osquery would resend them forever.
   */
  private wellFormedResults(host: HostState, data: readonly unknown[]): unknown[] {
    const kept = data.filter((line) => {
      try {
        parseResultLine(line);
        return true;
      } catch (err) {
        if (!isOsqueryCodecError(err)) throw err;
        return false;
      }
    });
    if (kept.length < data.length) this.logger.info({ hostId: host.id, dropped: data.length - kept.length }, 'dropped malformed result log lines');
    return kept;
  }

  /** The lines in chunks of at most CHUNK_BYTES, each with its JSON (`JSON.stringify(lines)`, built from the lines' JSON measured here). */
  private chunks(host: HostState, data: readonly unknown[]): Array<{ lines: unknown[]; json: string }> {
    const out: Array<{ lines: unknown[]; json: string }> = [];
    let lines: unknown[] = [];
    let jsons: string[] = [];
    let size = 0;
    const close = () => {
      out.push({ lines, json: `[${jsons.join(',')}]` });
      lines = [];
      jsons = [];
      size = 0;
    };
    for (const line of data) {
      const json = JSON.stringify(line) ?? 'null';
      const bytes = Buffer.byteLength(json);
      if (bytes > CHUNK_BYTES) {
        this.logger.warn({ hostId: host.id, bytes }, 'dropped an osquery log line larger than a stream message');
        continue;
      }
      if (size + bytes > CHUNK_BYTES && lines.length > 0) close();
      lines.push(line);
      jsons.push(json);
      size += bytes + 1;
    }
    if (lines.length > 0) close();
    return out;
  }
}
