import { SessionEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import { ADMIN, API, createUser, insertTeam, login, setupAdmin } from '../testing/identity-fixtures';

interface FleetUserBody {
  user: { id: number; email: string; global_role: string | null; teams: Array<{ id: number; role: string }>; api_only: boolean };
  token?: string;
}

describe('users API', () => {
  let gw: ApiGatewayHarness;
  let admin: string;
  let teamA: number;
  let teamB: number;
  const post = (path: string, token: string, body: unknown) => gw.fetch(`${API}${path}`, { method: 'POST', token, body: JSON.stringify(body) });
  const patch = (path: string, token: string, body: unknown) => gw.fetch(`${API}${path}`, { method: 'PATCH', token, body: JSON.stringify(body) });

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start({ FLOTILLA_LOGIN_RATE_LIMIT: '1000' });
    admin = await setupAdmin(gw);
    teamA = await insertTeam(gw, 'Team A');
    teamB = await insertTeam(gw, 'Team B');
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('lets an admin create users of every role, global and per team', async () => {
    for (const role of ['observer', 'observer_plus', 'maintainer', 'admin', 'gitops', 'technician'] as const) {
      const res = await post('/users/admin', admin, { name: `g-${role}`, email: `g-${role}@example.com`, password: 'long-enough-1!', global_role: role });
      expect(res.status).toBe(200);
      expect(((await res.json()) as FleetUserBody).user).toMatchObject({ global_role: role, teams: [] });
    }
    const res = await post('/users/admin', admin, { name: 't', email: 't@example.com', password: 'long-enough-1!', teams: [{ id: teamA, role: 'maintainer' }] });
    const body = (await res.json()) as FleetUserBody;
    expect(body.user).toMatchObject({ global_role: null, teams: [{ id: teamA, role: 'maintainer', name: 'Team A' }] });
  });

  it('answers /me, /users and /users/:id in the shapes Fleet’s clients expect', async () => {
    const fleet = new FleetOpenApiValidator();
    const me = (await (await gw.fetch(`${API}/me`, { token: admin })).json()) as { user: { id: number } };
    expect(fleet.problemsOfGet('/api/v1/fleet/me', me)).toEqual([]);
    // Fleet's inferred schema saw only global users; a team user's global_role is null there too.
    const { users } = (await (await gw.fetch(`${API}/users`, { token: admin })).json()) as { users: Array<{ global_role: string | null }> };
    expect(fleet.problemsOfGet('/api/v1/fleet/users', { users: users.filter((u) => u.global_role !== null) })).toEqual([]);
    expect(users.some((u) => u.global_role === null)).toBe(true);
    const one = (await (await gw.fetch(`${API}/users/${me.user.id}`, { token: admin })).json()) as Record<string, unknown>;
    expect(one['user']).toMatchObject({ id: me.user.id, global_role: 'admin' });
    expect(fleet.problemsOfGet('/api/v1/fleet/users/{id}', one)).toEqual([]);
  });

  it('keeps each user’s UI settings, changed only by that user', async () => {
    const me = (await (await gw.fetch(`${API}/me`, { token: admin })).json()) as { user: { id: number; settings: unknown } };
    expect(me.user.settings).toEqual({ hidden_host_columns: [] });
    const res = await patch(`/users/${me.user.id}`, admin, { settings: { hidden_host_columns: ['hostname', 'uptime'] } });
    expect(((await res.json()) as { user: { settings: unknown } }).user.settings).toEqual({ hidden_host_columns: ['hostname', 'uptime'] });
    const other = await createUser(gw, admin, { global_role: 'observer' }, 'settings-other');
    expect((await patch(`/users/${other.id}`, admin, { settings: { hidden_host_columns: [] } })).status).toBe(403);
  });

  it('refuses duplicates, both kinds of roles at once, unknown teams, bad passwords and unknown fields', async () => {
    const cases: Array<[unknown, number]> = [
      [{ name: 'd', email: 'G-OBSERVER@example.com', password: 'long-enough-1!', global_role: 'observer' }, 409],
      [{ name: 'b', email: 'b@example.com', password: 'long-enough-1!', global_role: 'observer', teams: [{ id: teamA, role: 'observer' }] }, 400],
      [{ name: 'u', email: 'u@example.com', password: 'long-enough-1!', teams: [{ id: 9999, role: 'observer' }] }, 422],
      [{ name: 'p', email: 'p@example.com', password: 'short', global_role: 'observer' }, 422],
      [{ name: 'r', email: 'r@example.com', password: 'long-enough-1!', global_role: 'superuser' }, 400],
      [{ name: 'x', email: 'x@example.com', password: 'long-enough-1!', global_role: 'observer', is_god: true }, 400],
    ];
    const before = ((await (await gw.fetch(`${API}/users`, { token: admin })).json()) as { users: unknown[] }).users.length;
    for (const [body, status] of cases) expect([(await post('/users/admin', admin, body)).status, body]).toEqual([status, body]);
    expect(((await (await gw.fetch(`${API}/users`, { token: admin })).json()) as { users: unknown[] }).users).toHaveLength(before);
  });

  it('stops escalation: a maintainer cannot make itself admin, a team admin cannot reach another team', async () => {
    const maint = await createUser(gw, admin, { global_role: 'maintainer' }, 'maint');
    expect((await patch(`/users/${maint.id}`, maint.token, { global_role: 'admin' })).status).toBe(403);
    expect((await post('/users/admin', maint.token, { name: 'm2', email: 'm2@example.com', password: 'long-enough-1!', global_role: 'admin' })).status).toBe(403);
    const teamAdmin = await createUser(gw, admin, { teams: [{ id: teamA, role: 'admin' }] }, 'tadmin');
    const inA = await post('/users/admin', teamAdmin.token, { name: 'ina', email: 'ina@example.com', password: 'long-enough-1!', teams: [{ id: teamA, role: 'observer' }] });
    expect(inA.status).toBe(200);
    const inAId = ((await inA.json()) as FleetUserBody).user.id;
    expect((await post('/users/admin', teamAdmin.token, { name: 'inb', email: 'inb@example.com', password: 'long-enough-1!', teams: [{ id: teamB, role: 'observer' }] })).status).toBe(403);
    expect((await post('/users/admin', teamAdmin.token, { name: 'glob', email: 'glob@example.com', password: 'long-enough-1!', global_role: 'observer' })).status).toBe(403);
    expect((await patch(`/users/${inAId}`, teamAdmin.token, { teams: [{ id: teamA, role: 'observer' }, { id: teamB, role: 'admin' }] })).status).toBe(403);
    expect((await patch(`/users/${teamAdmin.id}`, teamAdmin.token, { global_role: 'admin' })).status).toBe(403);
    expect((await patch(`/users/${inAId}`, teamAdmin.token, { teams: [{ id: teamA, role: 'maintainer' }] })).status).toBe(200);
    const me = (await (await gw.fetch(`${API}/users/${teamAdmin.id}`, { token: admin })).json()) as FleetUserBody;
    expect(me.user).toMatchObject({ global_role: null, teams: [{ id: teamA, role: 'admin' }] });
  });

  it('team users list only the members of their teams', async () => {
    const observer = await createUser(gw, admin, { teams: [{ id: teamB, role: 'observer' }] }, 'bobs');
    const { users } = (await (await gw.fetch(`${API}/users`, { token: observer.token })).json()) as { users: Array<{ email: string; teams: Array<{ id: number }> }> };
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((u) => u.teams.some((t) => t.id === teamB))).toBe(true);
    expect((await gw.fetch(`${API}/users?team_id=${teamA}`, { token: observer.token })).status).toBe(403);
  });

  it('deleting a user or demoting it takes effect on its very next request', async () => {
    const victim = await createUser(gw, admin, { global_role: 'maintainer' }, 'victim');
    expect((await gw.fetch(`${API}/hosts`, { token: victim.token })).status).toBe(200);
    expect((await patch(`/users/${victim.id}`, admin, { global_role: 'gitops' })).status).toBe(200);
    expect((await gw.fetch(`${API}/hosts`, { token: victim.token })).status).toBe(403);
    expect((await gw.fetch(`${API}/users/${victim.id}`, { method: 'DELETE', token: admin })).status).toBe(200);
    expect((await gw.fetch(`${API}/me`, { token: victim.token })).status).toBe(401);
    expect((await gw.fetch(`${API}/users/${victim.id}`, { token: admin })).status).toBe(404);
  });

  it('keeps the last global admin', async () => {
    const { users } = (await (await gw.fetch(`${API}/users?query=admin`, { token: admin })).json()) as { users: Array<{ id: number; email: string; global_role: string }> };
    const others = users.filter((u) => u.global_role === 'admin' && u.email !== ADMIN.email);
    for (const u of others) expect((await gw.fetch(`${API}/users/${u.id}`, { method: 'DELETE', token: admin })).status).toBe(200);
    const me = (await (await gw.fetch(`${API}/me`, { token: admin })).json()) as { user: { id: number } };
    const demote = await patch(`/users/${me.user.id}`, admin, { global_role: 'observer' });
    expect(demote.status).toBe(422);
    expect((await gw.fetch(`${API}/users/${me.user.id}`, { method: 'DELETE', token: admin })).status).toBe(422);
  });

  it('gives API-only users a token that works without expiring, and no password login', async () => {
    const res = await post('/users/admin', admin, { name: 'bot', email: 'bot@example.com', api_only: true, global_role: 'observer' });
    const body = (await res.json()) as FleetUserBody;
    expect(body.user.api_only).toBe(true);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const longAgo = new Date(Date.now() - 90 * 86_400_000);
    await gw.db.manager.update(SessionEntity, { userId: body.user.id }, { createdAt: longAgo, accessedAt: longAgo });
    expect((await gw.fetch(`${API}/hosts`, { token: body.token ?? '' })).status).toBe(200);
    await expect(login(gw, 'bot@example.com', 'anything-1!')).rejects.toThrow(/401/);
  });

  it('forced password reset: signed out, then only the reset is allowed until done', async () => {
    const user = await createUser(gw, admin, { global_role: 'observer' }, 'forced');
    const res = await post(`/users/${user.id}/require_password_reset`, admin, { require: true });
    expect(((await res.json()) as { user: { force_password_reset: boolean } }).user.force_password_reset).toBe(true);
    expect((await gw.fetch(`${API}/me`, { token: user.token })).status).toBe(401);
    const token = await login(gw, user.email, user.password);
    expect((await gw.fetch(`${API}/me`, { token })).status).toBe(200);
    const blocked = await gw.fetch(`${API}/hosts`, { token });
    expect(blocked.status).toBe(403);
    expect(JSON.stringify(await blocked.json())).toContain('password reset required');
    expect((await post('/perform_required_password_reset', token, { new_password: user.password })).status).toBe(422);
    expect((await post('/perform_required_password_reset', token, { new_password: 'brand-new-pass-2!' })).status).toBe(200);
    expect((await gw.fetch(`${API}/hosts`, { token })).status).toBe(200);
  });

  it('records every user change as an activity with its actor', async () => {
    const { activities } = (await (await gw.fetch(`${API}/activities?per_page=500`, { token: admin })).json()) as {
      activities: Array<{ type: string; actor_email: string; details: Record<string, unknown> }>;
    };
    const types = new Set(activities.map((a) => a.type));
    for (const t of ['created_user', 'deleted_user', 'changed_user_global_role', 'changed_user_team_role', 'required_password_reset', 'reset_password']) expect(types).toContain(t);
    expect(activities.find((a) => a.type === 'deleted_user' && a.details['user_email'] === 'victim@example.com')).toMatchObject({ actor_email: ADMIN.email });
    expect(activities.find((a) => a.type === 'changed_user_team_role' && a.details['user_email'] === 'ina@example.com' && a.details['role'] === 'maintainer')).toMatchObject({
      actor_email: 'tadmin@example.com',
    });
  });
});
