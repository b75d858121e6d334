import { SessionEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import { ADMIN, API, login, setupAdmin } from '../testing/identity-fixtures';

const SETUP = '/api/v1/setup';
const setupBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ admin: { admin: true, ...ADMIN }, org_info: { org_name: 'Acme' }, server_url: 'https://flotilla.example.com', ...overrides });

describe('first-run setup', () => {
  let gw: ApiGatewayHarness;
  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('refuses bad bodies and weak passwords, changing nothing', async () => {
    const bad = await gw.fetch(SETUP, { method: 'POST', body: JSON.stringify({ admin: { email: 'nope' } }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()) as { errors: Array<{ name: string }> }).toMatchObject({ message: 'Bad request', errors: expect.arrayContaining([{ name: 'admin.email', reason: expect.any(String) }]) });
    const weak = await gw.fetch(SETUP, { method: 'POST', body: setupBody({ admin: { ...ADMIN, password: 'short' } }) });
    expect(weak.status).toBe(422);
    expect(await weak.json()).toMatchObject({ errors: [{ name: 'admin.password', reason: expect.stringContaining('12 to 48') }] });
    expect(await gw.db.manager.query('SELECT COUNT(*) AS n FROM users')).toEqual([{ n: 0 }]);
  });

  it('creates exactly one admin when setups race, signs it in, and revokes the bootstrap token', async () => {
    const bootstrap = gw.bootstrapTokenFromFile();
    expect((await gw.fetch(`${API}/hosts`, { token: bootstrap })).status).toBe(200);
    const answers = await Promise.all([0, 1, 2].map(() => gw.fetch(SETUP, { method: 'POST', body: setupBody() })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const ok = answers.find((r) => r.status === 200);
    const body = (await ok?.json()) as { token: string; admin: { email: string; global_role: string }; org_info: { org_name: string } };
    expect(body.admin).toMatchObject({ email: ADMIN.email, global_role: 'admin' });
    expect(body.org_info.org_name).toBe('Acme');
    const me = await gw.fetch(`${API}/me`, { token: body.token });
    expect(me.status).toBe(200);
    expect((await gw.fetch(`${API}/hosts`, { token: bootstrap })).status).toBe(401);
    expect(await gw.db.manager.countBy(SessionEntity, { name: 'bootstrap' })).toBe(0);
  });

  it('is refused once a user exists', async () => {
    const res = await gw.fetch(SETUP, { method: 'POST', body: setupBody({ admin: { ...ADMIN, email: 'second@example.com' } }) });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ message: 'Setup already completed' });
  });
});

describe('login, logout, /me and sessions', () => {
  let gw: ApiGatewayHarness;
  let admin: string;
  beforeAll(async () => {
    gw = await ApiGatewayHarness.start({ FLOTILLA_LOGIN_RATE_LIMIT: '5', FLOTILLA_TRUSTED_PROXIES: '127.0.0.1' });
    admin = await setupAdmin(gw);
  });
  afterAll(async () => {
    await gw?.close();
  });

  const ip = (n: number) => ({ 'x-forwarded-for': `203.0.113.${n}` });
  const attempt = (email: string, password: string, headers: Record<string, string>) =>
    gw.fetch(`${API}/login`, { method: 'POST', headers, body: JSON.stringify({ email, password }) });

  it('logs in with email (any case) and password, answering the user, its teams and a working token', async () => {
    const res = await attempt(ADMIN.email.toUpperCase(), ADMIN.password, ip(1));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: { email: string; global_role: string }; available_teams: unknown[] };
    expect(body.user).toMatchObject({ email: ADMIN.email, global_role: 'admin' });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Array.isArray(body.available_teams)).toBe(true);
    const me = (await (await gw.fetch(`${API}/me`, { token: body.token })).json()) as { user: { email: string } };
    expect(me.user.email).toBe(ADMIN.email);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrong = await attempt(ADMIN.email, 'wrong-password-1!', ip(2));
    const unknown = await attempt('nobody@example.com', 'wrong-password-1!', ip(3));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const bad = await attempt('not-an-email', 'x', ip(4));
    expect(bad.status).toBe(400);
  });

  it('throttles per IP and per email with 429 + Retry-After, identically for known and unknown emails', async () => {
    // Per IP: 5 attempts pass (and fail), the 6th is refused whatever the email.
    for (let i = 0; i < 5; i++) expect((await attempt(`x${i}@example.com`, 'wrong-password-1!', ip(10))).status).toBe(401);
    const blockedKnown = await attempt(ADMIN.email, ADMIN.password, ip(10));
    expect(blockedKnown.status).toBe(429);
    expect(Number(blockedKnown.headers.get('retry-after'))).toBeGreaterThan(0);
    // Per email, across IPs: the same limit for an existing and a non-existing account.
    const statuses = async (email: string, base: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < 6; i++) out.push((await attempt(email, 'wrong-password-1!', ip(base + i))).status);
      return out;
    };
    const known = await statuses('victim@example.com', 20);
    const unknown = await statuses('ghost@example.com', 40);
    expect(known).toEqual([401, 401, 401, 401, 401, 429]);
    expect(unknown).toEqual(known);
    const a = await attempt('victim@example.com', 'x', ip(60));
    const b = await attempt('ghost@example.com', 'x', ip(61));
    expect(await a.json()).toEqual(await b.json());
  });

  it('records logins and failed logins as activities', async () => {
    const res = await gw.fetch(`${API}/activities?per_page=100`, { token: admin });
    const body = (await res.clone().json()) as unknown;
    expect(new FleetOpenApiValidator().problemsOfGet('/api/v1/fleet/activities', body)).toEqual([]);
    const { activities } = (await res.json()) as { activities: Array<{ type: string; actor_email: string; details: Record<string, unknown> }> };
    expect(activities.some((a) => a.type === 'user_logged_in' && a.actor_email === ADMIN.email)).toBe(true);
    expect(activities.some((a) => a.type === 'user_failed_login' && a.details['email'] === 'nobody@example.com')).toBe(true);
  });

  it('logout ends the session at once; other sessions keep working', async () => {
    const first = await login(gw, ADMIN.email, ADMIN.password, ip(70));
    const second = await login(gw, ADMIN.email, ADMIN.password, ip(71));
    expect((await gw.fetch(`${API}/logout`, { method: 'POST', token: first })).status).toBe(200);
    expect((await gw.fetch(`${API}/me`, { token: first })).status).toBe(401);
    expect((await gw.fetch(`${API}/me`, { token: second })).status).toBe(200);
  });

  it('lists and revokes sessions; a session unused for longer than the session duration expires', async () => {
    const token = await login(gw, ADMIN.email, ADMIN.password, ip(72));
    const me = (await (await gw.fetch(`${API}/me`, { token })).json()) as { user: { id: number } };
    const { sessions } = (await (await gw.fetch(`${API}/users/${me.user.id}/sessions`, { token })).json()) as { sessions: Array<{ session_id: number; user_id: number }> };
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    const newest = sessions[sessions.length - 1] as { session_id: number };
    expect((await gw.fetch(`${API}/sessions/${newest.session_id}`, { token })).status).toBe(200);
    // Age the newest session past 5 days: refused, and the row is gone.
    const old = new Date(Date.now() - 6 * 86_400_000);
    await gw.db.manager.update(SessionEntity, { id: newest.session_id }, { createdAt: old, accessedAt: old });
    expect((await gw.fetch(`${API}/me`, { token })).status).toBe(401);
    expect(await gw.db.manager.countBy(SessionEntity, { id: newest.session_id })).toBe(0);
    expect((await gw.fetch(`${API}/sessions/${newest.session_id}`, { token: admin })).status).toBe(404);
  });
});

describe('login input', () => {
  let gw: ApiGatewayHarness;
  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    await setupAdmin(gw);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it.each([
    ['malformed JSON', '{"email": "admin@example.com", "password": ', 400],
    ['unknown fields', JSON.stringify({ email: ADMIN.email, password: ADMIN.password, admin: true }), 400],
    ['wrong types', JSON.stringify({ email: ADMIN.email, password: 12345678901234 }), 400],
    ['a body over 16 KiB', JSON.stringify({ email: ADMIN.email, password: 'x'.repeat(20_000) }), 413],
  ])('refuses %s with Fleet’s error body and creates no session', async (_what, body, status) => {
    const before = await gw.db.manager.count(SessionEntity);
    const res = await gw.fetch(`${API}/login`, { method: 'POST', body });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ message: expect.any(String), errors: [expect.objectContaining({ name: expect.any(String) })] });
    expect(await gw.db.manager.count(SessionEntity)).toBe(before);
  });
});
