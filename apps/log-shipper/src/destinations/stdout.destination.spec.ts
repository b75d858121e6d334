import { Writable } from 'node:stream';
import { StdoutDestination } from './stdout.destination';

describe('StdoutDestination', () => {
  it('writes each line as a JSON line, and waits for a backed-up stream to drain before reporting it delivered', async () => {
    const chunks: string[] = [];
    let release: (() => void) | undefined;
    // A stream that holds the write until released: send reports delivery only after 'drain'.
    const out = new Writable({
      highWaterMark: 1,
      write: (chunk: Buffer, _e, cb) => {
        chunks.push(chunk.toString());
        if (chunks.length === 1) release = cb;
        else cb();
      },
    });
    const dest = new StdoutDestination(out);
    const record = (id: string) => ({ id, json: JSON.stringify({ flotilla_log_id: id }), bytes: 0 });
    let delivered = false;
    const sending = dest.send({ logType: 'status', receivedAt: '', records: [record('a:0'), record('a:1')] }).then(() => (delivered = true));
    await new Promise((r) => setImmediate(r));
    expect(delivered).toBe(false);
    release?.();
    await sending;
    expect(chunks).toEqual(['{"flotilla_log_id":"a:0"}\n{"flotilla_log_id":"a:1"}\n']);
  });
});
