import { SERVICE_NAMES } from '@flotilla/domain';
import { Constellation, e2eMode, startConstellation } from '@flotilla/testing';

/**
 * The foundation, black-box, in the mode named by FLOTILLA_E2E_MODE: one public URL serving
 * health, metrics, Fleet-shaped errors and the admin API, with every service reachable over the bus.
 */
const mode = e2eMode();

describe(`platform (${mode})`, () => {
  let flotilla: Constellation;

  beforeAll(async () => {
    flotilla = await startConstellation(mode);
  });

  afterAll(async () => {
    await flotilla?.stop();
  });

  it('reports healthy on /healthz', async () => {
    const res = await fetch(`${flotilla.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; down: string[] };
    expect(body.status).toBe('ok');
    expect(body.down).toEqual([]);
  });

  it('exposes Prometheus metrics', async () => {
    const res = await fetch(`${flotilla.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('http_requests_total');
  });

  it('reaches every service over the bus', async () => {
    const res = await fetch(`${flotilla.baseUrl}/api/latest/flotilla/services`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { services: Array<{ service: string; status: string; mode?: string; dependencies?: Array<{ status: string }> }> };
    expect(body.services.map((s) => s.service)).toEqual([...SERVICE_NAMES]);
    for (const s of body.services) {
      expect(s).toMatchObject({ status: 'up', mode });
      expect(s.dependencies?.every((d) => d.status === 'up')).toBe(true);
    }
  });

  it('answers unknown paths with a Fleet-shaped 404', async () => {
    const res = await fetch(`${flotilla.baseUrl}/api/latest/fleet/no-such-thing`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { message: string; errors: Array<{ name: string; reason: string }> };
    expect(typeof body.message).toBe('string');
    expect(body.errors.length).toBeGreaterThan(0);
    expect(body.errors[0]).toEqual({ name: expect.any(String), reason: expect.any(String) });
  });

  it('echoes a caller-supplied request id and makes one up otherwise', async () => {
    const given = await fetch(`${flotilla.baseUrl}/api/latest/flotilla/services`, { headers: { 'x-request-id': 'e2e-trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('e2e-trace-123');
    const made = await fetch(`${flotilla.baseUrl}/api/latest/flotilla/services`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes structured JSON logs', () => {
    const lines = flotilla
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    const parsed = lines.map((l) => JSON.parse(l) as { level: string; time: string; service: string });
    expect(parsed.some((l) => l.level === 'info' && typeof l.time === 'string' && typeof l.service === 'string')).toBe(true);
  });
});
