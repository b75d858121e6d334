import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Constellation, startConstellation, waitFor } from '@flotilla/testing';

const ENROLL_SECRET = 'e2e-durability-secret-0123456789';

interface WebhookLine {
  flotilla_log_id?: string;
  columns: { seq: string };
}

/**
 * Nothing /log acknowledged may be lost in standalone either: result lines are acknowledged while
 * the webhook destination is down (503), the standalone process is killed with SIGKILL before
 * log-shipper could deliver them, and after a restart on the same data dir, with the webhook
 * back, every acknowledged line must reach it (from the stream kept in `<data dir>/streams`).
 */
describe('result logs survive a crash of the standalone process', () => {
  let flotilla: Constellation;
  let webhook: Server;
  let webhookUp = false;
  let refused = 0;
  const received: WebhookLine[] = [];

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (!webhookUp) {
          refused++;
          res.writeHead(503).end();
          return;
        }
        received.push(...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookLine[]));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const { port } = webhook.address() as AddressInfo;
    flotilla = await startConstellation('standalone', {
      env: {
        FLOTILLA_ENROLL_SECRET: ENROLL_SECRET,
        OSQUERY_RESULT_LOG_PLUGIN: 'filesystem,webhook',
        WEBHOOK_RESULT_URL: `http://127.0.0.1:${port}/results`,
      },
    });
  });

  afterAll(async () => {
    await flotilla?.stop();
    await new Promise((resolve) => webhook?.close(resolve));
  });

  const post = async (path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${flotilla.baseUrl}/api/osquery/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };

  it('delivers every acknowledged line to the webhook after a SIGKILL and restart', async () => {
    const enrolled = await waitFor(async () => {
      const r = await post('enroll', { enroll_secret: ENROLL_SECRET, host_identifier: 'durable-standalone', host_details: {} });
      return r.status === 200 ? r : undefined;
    }, { timeoutMs: 20_000, what: 'enroll' });
    const key = String(enrolled.body['node_key']);

    const acknowledged = new Set<string>();
    for (let batch = 0; batch < 10; batch++) {
      const ids = Array.from({ length: 20 }, (_, i) => `line-${batch}-${i}`);
      const data = ids.map((seq) => ({ name: 'pack/Global/e2e_durability', hostIdentifier: 'durable-standalone', unixTime: 1, calendarTime: 'x', epoch: 0, counter: 0, numerics: false, decorations: {}, action: 'added', columns: { seq } }));
      const res = await post('log', { node_key: key, log_type: 'result', data });
      expect(res.status).toBe(200);
      ids.forEach((id) => acknowledged.add(id));
    }
    // log-shipper has tried the webhook and holds the lines unacknowledged.
    await waitFor(async () => refused > 0, { timeoutMs: 20_000, what: 'a refused webhook delivery' });
    expect(received).toHaveLength(0);

    flotilla.process.child.kill('SIGKILL');
    await flotilla.process.exited;
    webhookUp = true;
    await flotilla.restart();

    await waitFor(async () => {
      const seen = new Set(received.map((l) => l.columns.seq));
      return [...acknowledged].every((id) => seen.has(id));
    }, { timeoutMs: 90_000, what: 'every acknowledged line at the webhook' });
    expect(received.every((l) => typeof l.flotilla_log_id === 'string' && l.flotilla_log_id.length > 0)).toBe(true);
  });
});
