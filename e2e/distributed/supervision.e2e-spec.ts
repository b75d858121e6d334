import { SERVICE_NAMES } from '@flotilla/domain';
import { Constellation, startConstellation, waitFor } from '@flotilla/testing';

interface EdgeHealth {
  status: string;
  down: string[];
}

async function edgeHealth(baseUrl: string): Promise<{ code: number; body: EdgeHealth }> {
  const res = await fetch(`${baseUrl}/healthz`);
  return { code: res.status, body: (await res.json()) as EdgeHealth };
}

/** Distributed mode: ten processes behind the edge; a killed one shows as down and comes back. */
describe('distributed supervision', () => {
  let flotilla: Constellation;

  beforeAll(async () => {
    flotilla = await startConstellation('distributed');
  });

  afterAll(async () => {
    await flotilla?.stop();
  });

  it('runs each service as its own OS process', async () => {
    const res = await fetch(`${flotilla.baseUrl}/api/latest/flotilla/services`);
    const { services } = (await res.json()) as { services: Array<{ service: string; instance: string }> };
    const pids = new Set(services.map((s) => s.instance.split(':').pop()));
    expect(pids.size).toBe(SERVICE_NAMES.length);
    expect(pids.has(String(flotilla.process.child.pid))).toBe(false);
  });

  it('reports a kill -9 of one service within 10 s and recovers when it is restarted', async () => {
    const res = await fetch(`${flotilla.baseUrl}/api/latest/flotilla/services`);
    const { services } = (await res.json()) as { services: Array<{ service: string; instance: string }> };
    const target = services.find((s) => s.service === 'osquery-ingest');
    const pid = Number(target?.instance.split(':').pop());
    expect(pid).toBeGreaterThan(0);

    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    const down = await waitFor(
      async () => {
        const h = await edgeHealth(flotilla.baseUrl);
        return h.code === 503 ? h.body : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200, what: 'edge /healthz 503' },
    );
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect(down.down).toEqual(['osquery-ingest']);

    // Agent paths owned by the dead service fail cleanly meanwhile, in Fleet's error shape.
    const agent = await fetch(`${flotilla.baseUrl}/api/v1/osquery/config`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(agent.status).toBe(503);
    const body = (await agent.json()) as { errors: Array<{ name: string }> };
    expect(body.errors[0]?.name).toBe('osquery-ingest');

    // The launcher restarts it (FLOTILLA_RESTART_DELAY_MS=3000 in tests).
    await waitFor(async () => (await edgeHealth(flotilla.baseUrl)).code === 200, { timeoutMs: 30_000, intervalMs: 250, what: 'edge /healthz 200 again' });
  });
});
