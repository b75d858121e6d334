import { once } from 'node:events';
import type { LogBatch, LogDestination } from './log-destination';

/**
 * `stdout`: each line as a JSON line on the process's standard output (beside its own pino
 * logs, which carry `level`/`msg` fields; osquery lines carry `name`/`hostIdentifier`), for
 * container platforms that collect stdout. Delivered means handed to the stream, after waiting
 * for it to drain when it is backed up.
 */
export class StdoutDestination implements LogDestination {
  readonly name = 'stdout' as const;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  async send(batch: LogBatch): Promise<void> {
    if (!this.out.write(batch.records.map((r) => `${r.json}\n`).join(''))) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    // process.stdout is never closed by us
  }
}
