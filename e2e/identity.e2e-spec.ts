import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { PERMISSIONS, type Action } from '@flotilla/app-api-gateway';
import { ROLES } from '@flotilla/domain';
import { Constellation, e2eMode, firstRunSetup, REPO_ROOT, SmtpSink, startConstellation } from '@flotilla/testing';
import { PROBES, PUBLIC_ROUTES, type ProbeWorld, type TestPrincipal, type Where } from './identity/rbac-probes';

/**
 * Admin identity end to end, black-box, in the mode named by FLOTILLA_E2E_MODE: first-run setup,
 * users of every role (global and on team A), the whole permission matrix over HTTP (every
 * documented admin route × every role × a resource inside and outside the user's team), immediate
 * revocation, brute-force throttling without account enumeration, and the audit log.
 */
const mode = e2eMode();
const ENROLL_SECRET = 'e2e-identity-enroll-secret-0123';
const F = '/api/latest/fleet';
const ADMIN = { email: 'root@example.com', password: 'root-password-1!', name: 'Root Admin' };

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** What the matrix (as data) says: may this principal act on a resource in `where`? */
function expectedAllowed(p: TestPrincipal, action: Action, where: Where): boolean {
  if (where === 'own') return true;
  const { roles, scope } = PERMISSIONS[action];
  if (!(roles as readonly string[]).includes(p.role)) return false;
  if (p.global) return true;
  if (scope === 'global') return false;
  if (scope === 'anywhere') return true;
  return where === 'A' || where === 'somewhere';
}

describe(`admin identity (${mode})`, () => {
  let flotilla: Constellation;
  let smtp: SmtpSink;
  let admin: string;
  const teams: Record<'A' | 'B', number> = { A: 0, B: 0 };
  const hosts: Partial<Record<'A' | 'B', { id: number; identifier: string }>> = {};
  const members: Partial<Record<'A' | 'B', { id: number }>> = {};
  const principals: TestPrincipal[] = [];
  let seq = 0;
  let longLivedLabel: { id: number; name: string } | undefined;
  let observableQuery: Promise<number> | undefined;

  const call = async (method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const res = await fetch(`${flotilla.baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  /** The status of a never-ending response (Server-Sent Events), then the connection is dropped (its own socket: no pool left holding one). */
  const peek = (method: string, path: string, token: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${flotilla.baseUrl}${path}`, { method, agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status === 200) {
          req.destroy();
          resolve({ status, body: {} });
          return;
        }
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      });
      req.on('error', reject).end();
    });
  const ok = async (method: string, path: string, body?: unknown, token = admin): Promise<Record<string, unknown>> => {
    const reply = await call(method, path, token, body);
    if (reply.status !== 200) throw new Error(`${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const login = async (email: string, password: string): Promise<{ token: string; id: number }> => {
    const body = await ok('POST', `${F}/login`, { email, password }, '');
    const token = body['token'] as string;
    const me = await ok('GET', `${F}/me`, undefined, token);
    const { sessions } = (await ok('GET', `${F}/users/${(me['user'] as { id: number }).id}/sessions`, undefined, token)) as { sessions: Array<{ session_id: number }> };
    return { token, id: Math.max(...sessions.map((s) => s.session_id)) };
  };
  const createUser = async (name: string, roles: Record<string, unknown>): Promise<{ id: number; email: string; password: string }> => {
    const email = `${name}@example.com`;
    const password = `${name}-password-1!`;
    const { user } = (await ok('POST', `${F}/users/admin`, { name, email, password, ...roles })) as { user: { id: number } };
    return { id: user.id, email, password };
  };
  const enrollHost = async (where: 'A' | 'B'): Promise<{ id: number; identifier: string }> => {
    const identifier = randomUUID();
    const enrolled = await call('POST', '/api/osquery/enroll', undefined, { enroll_secret: ENROLL_SECRET, host_identifier: identifier, platform_type: '16', host_details: { system_info: { hostname: `h-${identifier.slice(0, 8)}`, uuid: identifier } } });
    if (enrolled.status !== 200 || typeof enrolled.body['node_key'] !== 'string') throw new Error(`enroll failed: ${JSON.stringify(enrolled)}`);
    const { host } = (await ok('GET', `${F}/hosts/identifier/${identifier}`)) as { host: { id: number } };
    await ok('POST', `${F}/hosts/transfer`, { team_id: teams[where], hosts: [host.id] });
    return { id: host.id, identifier };
  };

  const world: ProbeWorld = {
    teamId: (where) => teams[where],
    freshHost: enrollHost,
    host: (where) => hosts[where] ?? (() => { throw new Error(`no host in ${where}`); })(),
    freshUser: (where) => createUser(`fresh${++seq}`, { teams: [{ id: teams[where], role: 'observer' }] }),
    member: (where) => members[where] ?? (() => { throw new Error(`no member in ${where}`); })(),
    freshSession: login,
    freshInvite: async (where) => ((await ok('POST', `${F}/invites`, { email: `inv${++seq}@example.com`, teams: [{ id: teams[where], role: 'observer' }] })) as { invite: { id: number } }).invite.id,
    freshTeam: async () => ((await ok('POST', `${F}/teams`, { name: `doomed-${++seq}` })) as { team: { id: number } }).team.id,
    unique: () => `${Date.now().toString(36)}${++seq}`,
    teamName: (where) => `Team ${where}`,
    freshPolicy: async (where) => {
      const path = where === 'global' ? `${F}/policies` : `${F}/teams/${teams[where]}/policies`;
      return ((await ok('POST', path, { name: `policy-${++seq}`, query: 'SELECT 1;' })) as { policy: { id: number } }).policy.id;
    },
    freshLabel: async () => ((await ok('POST', `${F}/labels`, { name: `label ${++seq}`, query: 'SELECT 1;' })) as { label: { id: number; name: string } }).label,
    label: async () => (longLivedLabel ??= await world.freshLabel()),
    freshQuery: async (where, author) => {
      const body = { name: `query-${++seq}`, query: 'SELECT 1;', ...(where === 'global' ? {} : { team_id: teams[where] }) };
      const byAuthor = author ? await call('POST', `${F}/queries`, author.token, body) : undefined;
      const created = byAuthor?.status === 200 ? byAuthor.body : await ok('POST', `${F}/queries`, body);
      return (created as { query: { id: number; name: string } }).query;
    },
    observableQuery: () =>
      (observableQuery ??= ok('POST', `${F}/queries`, { name: `observable-${++seq}`, query: 'SELECT 1;', observer_can_run: true }).then((b) => (b['query'] as { id: number }).id)),
    call: (method, path, body, token = admin) => call(method, path, token, body),
  };

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    flotilla = await startConstellation(mode, { env: { FLOTILLA_ENROLL_SECRET: ENROLL_SECRET, FLOTILLA_LOGIN_RATE_LIMIT: '10000', FLOTILLA_LIVE_QUERY_REST_PERIOD: '1s' } });
    admin = await firstRunSetup(flotilla.baseUrl, ADMIN);
    await ok('PATCH', `${F}/config`, { smtp_settings: { enable_smtp: true, sender_address: 'flotilla@example.com', server: '127.0.0.1', port: smtp.port, authentication_type: 'authtype_none' } });
    for (const where of ['A', 'B'] as const) {
      teams[where] = ((await ok('POST', `${F}/teams`, { name: `Team ${where}` })) as { team: { id: number } }).team.id;
      hosts[where] = await enrollHost(where);
      members[where] = await createUser(`member-${where.toLowerCase()}`, { teams: [{ id: teams[where], role: 'observer' }] });
    }
    for (const role of ROLES) {
      for (const global of [true, false]) {
        const label = `${global ? 'global' : 'team-A'}-${role}`;
        const user = await createUser(label, global ? { global_role: role } : { teams: [{ id: teams.A, role }] });
        principals.push({ label, role, global, ...user, token: (await login(user.email, user.password)).token });
      }
    }
  }, 120_000);

  afterAll(async () => {
    await flotilla?.stop();
    await smtp?.close();
  });

  it('documents every admin route with its permission, and probes each one', () => {
    const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, { 'x-flotilla-permission'?: string }>> };
    const documented = new Map<string, string | undefined>();
    for (const [path, item] of Object.entries(spec.paths)) {
      // /api/v1/… are the same handlers as /api/latest/…; agent and device protocols authenticate their own way.
      if (path.startsWith('/api/v1/') && path !== '/api/v1/setup') continue;
      if (!path.startsWith('/api/') || /^\/api\/(osquery|fleet\/orbit|mdm)\//.test(path)) continue;
      for (const [method, op] of Object.entries(item)) documented.set(`${method.toUpperCase()} ${path}`, op['x-flotilla-permission']);
    }
    const publicRoutes = [...documented].filter(([, action]) => action === undefined).map(([route]) => route);
    expect(publicRoutes.sort()).toEqual([...PUBLIC_ROUTES].sort());
    const guarded = [...documented].filter(([, action]) => action !== undefined).map(([route]) => route);
    expect(PROBES.map((p) => p.route).sort()).toEqual(guarded.sort());
  });

  it('holds the whole permission matrix: every route × every role × inside and outside the team', async () => {
    const mismatches: string[] = [];
    let calls = 0;
    for (const probe of PROBES) {
      for (const principal of principals) {
        for (const where of probe.where) {
          const request = await probe.request(world, principal, where);
          const token = request.token ?? principal.token;
          const reply = request.stream ? await peek(request.method, request.path, token) : await call(request.method, request.path, token, request.body);
          calls++;
          const allowed = expectedAllowed(principal, probe.action, where);
          const expected = allowed ? probe.ok : 403;
          if (reply.status !== expected) mismatches.push(`${probe.route} as ${principal.label} on ${where}: expected ${expected}, got ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBeGreaterThan(1_000);
  }, 600_000);

  it('filters lists to the team of a team user', async () => {
    const teamObserver = principals.find((p) => p.label === 'team-A-observer') as TestPrincipal;
    const listed = (await ok('GET', `${F}/hosts`, undefined, teamObserver.token)) as { hosts: Array<{ id: number; team_id: number | null }> };
    expect(listed.hosts.length).toBeGreaterThan(0);
    expect(listed.hosts.every((h) => h.team_id === teams.A)).toBe(true);
    const teamList = (await ok('GET', `${F}/teams`, undefined, teamObserver.token)) as { teams: Array<{ id: number }> };
    expect(teamList.teams.map((t) => t.id)).toEqual([teams.A]);
    const users = (await ok('GET', `${F}/users`, undefined, teamObserver.token)) as { users: Array<{ teams: Array<{ id: number }> }> };
    expect(users.users.every((u) => u.teams.some((t) => t.id === teams.A))).toBe(true);
  });

  it('refuses a revoked session and a deleted user’s token at once', async () => {
    const user = await createUser(`doomed${++seq}`, { global_role: 'maintainer' });
    const first = await login(user.email, user.password);
    const second = await login(user.email, user.password);
    expect((await call('GET', `${F}/hosts`, first.token)).status).toBe(200);
    await ok('DELETE', `${F}/sessions/${first.id}`);
    expect((await call('GET', `${F}/hosts`, first.token)).status).toBe(401);
    expect((await call('GET', `${F}/hosts`, second.token)).status).toBe(200);
    await ok('DELETE', `${F}/users/${user.id}`);
    expect((await call('GET', `${F}/me`, second.token)).status).toBe(401);
  });

  it('records every mutation with its actor in /activities', async () => {
    type Activity = { type: string; actor_email: string; actor_full_name?: string; details: Record<string, unknown> };
    const newest = async (query: string): Promise<Activity[]> => ((await ok('GET', `${F}/activities?per_page=50&${query}`)) as { activities: Activity[] }).activities;
    const types = ['completed_setup', 'user_logged_in', 'user_logged_out', 'created_user', 'changed_user_team_role', 'created_team', 'edited_team', 'deleted_team', 'edited_agent_options', 'transferred_hosts', 'edited_app_config', 'edited_enroll_secrets', 'deleted_host', 'deleted_hosts', 'deleted_user', 'invited_user', 'revoked_sessions'];
    for (const type of types) expect({ type, recorded: (await newest(`activity_type=${type}`)).length > 0 }).toEqual({ type, recorded: true });
    expect((await newest('activity_type=completed_setup'))[0]).toMatchObject({ actor_email: ADMIN.email, actor_full_name: ADMIN.name });
    // The team admin's own acts carry its name: deleting a user of team A, creating users in A.
    const byTeamAdmin = await newest('query=team-a-admin');
    expect(byTeamAdmin.length).toBeGreaterThan(0);
    expect(byTeamAdmin.every((a) => a.actor_email === 'team-a-admin@example.com')).toBe(true);
    // Asked by type: the probes leave the team admin more recent acts (saved queries…) than one page holds.
    for (const type of ['deleted_user', 'created_user']) {
      const acts = await newest(`query=team-a-admin&activity_type=${type}`);
      expect({ type, actors: [...new Set(acts.map((a) => a.actor_email))] }).toEqual({ type, actors: ['team-a-admin@example.com'] });
    }
  });
});

describe(`login throttling (${mode})`, () => {
  let flotilla: Constellation;

  beforeAll(async () => {
    flotilla = await startConstellation(mode, { env: { FLOTILLA_LOGIN_RATE_LIMIT: '10' } });
    await firstRunSetup(flotilla.baseUrl, ADMIN);
  }, 120_000);

  afterAll(async () => {
    await flotilla?.stop();
  });

  it('answers brute force with 429 and never tells which emails exist', async () => {
    const attempt = async (email: string) => {
      const res = await fetch(`${flotilla.baseUrl}${F}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'guess-password-1!' }) });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
    };
    const known = [];
    for (let i = 0; i < 12; i++) known.push(await attempt(ADMIN.email));
    expect(known.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(401));
    expect(known.slice(10).map((r) => r.status)).toEqual([429, 429]);
    expect(Number(known[10]?.retryAfter)).toBeGreaterThan(0);
    // Same IP is now blocked for any email: an unknown one gets exactly the same answer.
    const unknown = await attempt('nobody-here@example.com');
    expect(unknown.status).toBe(429);
    expect(unknown.body).toBe(known[11]?.body);
    // The failures before the block were identical for the real account and would be for any other.
    expect(new Set(known.slice(0, 10).map((r) => r.body)).size).toBe(1);
  });
});
