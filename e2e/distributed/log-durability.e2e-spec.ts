import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Constellation, startConstellation, waitFor } from '@flotilla/testing';

const ENROLL_SECRET = 'e2e-durability-secret-0123456789';

/**
 * Nothing osquery-ingest acknowledged on /log may be lost: result lines are posted by three
 * hosts (retrying what was refused, as osquery does) while the osquery-ingest process is killed
 * with SIGKILL and restarted. Every acknowledged line must end up in osqueryd.results.log, written
 * by log-shipper's filesystem destination from the durable stream.
 */
describe('result logs survive a crash of osquery-ingest (distributed)', () => {
  let flotilla: Constellation;

  beforeAll(async () => {
    flotilla = await startConstellation('distributed', { env: { FLOTILLA_ENROLL_SECRET: ENROLL_SECRET } });
  });

  afterAll(async () => {
    await flotilla?.stop();
  });

  const post = async (path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    try {
      const res = await fetch(`${flotilla.baseUrl}/api/osquery/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    } catch {
      return { status: 0, body: {} };
    }
  };

  async function ingestPid(): Promise<number> {
    const res = await fetch(`${flotilla.baseUrl}/api/latest/flotilla/services`);
    const { services } = (await res.json()) as { services: Array<{ service: string; instance?: string }> };
    return Number(services.find((s) => s.service === 'osquery-ingest')?.instance?.split(':').pop());
  }

  it('writes every acknowledged line, across a SIGKILL and restart', async () => {
    const keys: string[] = [];
    for (const id of ['durable-1', 'durable-2', 'durable-3']) {
      // Like osquery, retry enrollment until the fresh install has seeded its enroll secret.
      const res = await waitFor(async () => {
        const r = await post('enroll', { enroll_secret: ENROLL_SECRET, host_identifier: id, host_details: {} });
        return r.status === 200 ? r : undefined;
      }, { timeoutMs: 20_000, what: `enroll ${id}` });
      keys.push(String(res.body['node_key']));
    }
    const acknowledged = new Set<string>();
    const pending = new Map<string, { key: string; ids: string[] }>();
    let batch = 0;
    let killed = false;
    let refusedWhileDown = 0;
    const deadline = Date.now() + 60_000;
    while ((batch < 30 || pending.size > 0) && Date.now() < deadline) {
      if (batch < 30) {
        for (const key of keys) {
          const ids = Array.from({ length: 20 }, (_, i) => `${key.slice(0, 8)}-${batch}-${i}`);
          pending.set(`${key}:${batch}`, { key, ids });
        }
        batch++;
      }
      if (batch === 10 && !killed) {
        process.kill(await ingestPid(), 'SIGKILL');
        killed = true;
      }
      for (const [name, { key, ids }] of pending) {
        const lines = ids.map((seq) => ({ name: 'pack/Global/e2e_durability', hostIdentifier: key, unixTime: 1, calendarTime: 'x', epoch: 0, counter: 0, numerics: false, decorations: {}, action: 'added', columns: { seq } }));
        const res = await post('log', { node_key: key, log_type: 'result', data: lines });
        if (res.status === 200) {
          ids.forEach((id) => acknowledged.add(id));
          pending.delete(name);
        } else {
          refusedWhileDown++;
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(pending.size).toBe(0);
    expect(killed).toBe(true);
    expect(refusedWhileDown).toBeGreaterThan(0);
    expect(acknowledged.size).toBe(30 * 3 * 20);

    const file = join(flotilla.dataDir, 'logs', 'osqueryd.results.log');
    const written = await waitFor(() => {
      let seen: Set<string>;
      try {
        seen = new Set(
          readFileSync(file, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => (JSON.parse(l) as { columns: { seq: string } }).columns.seq),
        );
      } catch {
        return undefined;
      }
      return [...acknowledged].every((id) => seen.has(id)) ? seen : undefined;
    }, { timeoutMs: 30_000, what: 'every acknowledged line in the results log' });
    expect(written.size).toBe(acknowledged.size);
  });
});
