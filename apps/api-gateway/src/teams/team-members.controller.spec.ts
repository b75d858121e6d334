import { EnrollSecretEntity, TeamEntity, UserTeamEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import { OsqueryIngestStandIn } from './testing/osquery-ingest.stand-in';

const V1 = '/api/v1/fleet';

interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T & { errors?: Array<{ name: string; reason: string }> };
}
interface UserJson {
  id: number;
  name: string;
  role: string;
  teams: Array<{ id: number; name: string; role: string }>;
}

describe('team members and enroll secrets', () => {
  let gw: ApiGatewayHarness;
  let admin: string;
  let ingest: OsqueryIngestStandIn;
  let alpha: number;
  let bravo: number;
  const fleet = new FleetOpenApiValidator();

  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, token = admin): Promise<Reply<T>> => {
    const res = await gw.fetch(path, { method, token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Reply<T>['body'] };
  };
  const createTeam = async (name: string) => (await call<{ team: { id: number } }>('POST', `${V1}/teams`, { name, secrets: [{ secret: `${name}-secret` }] })).body.team.id;
  const members = async (teamId: number) => (await gw.db.manager.find(UserTeamEntity, { where: { teamId }, order: { userId: 'ASC' } })).map((m) => [m.userId, m.role]);
  const activities = async (type: string) => {
    const res = await call<{ activities: Array<{ details: Record<string, unknown> }> }>('GET', `${V1}/activities?activity_type=${type}&order_key=id&order_direction=asc&per_page=1000`);
    return res.body.activities.map((a) => a.details);
  };
  const user = (name: string, roles: Parameters<ApiGatewayHarness['userWithToken']>[0] = {}) => gw.userWithToken(roles, `${name}-${Math.random().toString(36).slice(2, 8)}`);

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    admin = gw.bootstrapTokenFromFile();
    ingest = await OsqueryIngestStandIn.start(gw);
  });

  beforeEach(async () => {
    await gw.db.manager.clear(UserTeamEntity);
    await gw.db.manager.clear(TeamEntity);
    await gw.db.manager.clear(EnrollSecretEntity);
    alpha = await createTeam('alpha');
    bravo = await createTeam('bravo');
    ingest.reset();
  });

  afterAll(async () => {
    await ingest?.stop();
    await gw?.close();
  });

  it('PATCH /users adds members and changes roles; GET /users lists them with their role on the team', async () => {
    const ann = await user('ann');
    const bob = await user('bob', { teams: [{ teamId: bravo, role: 'admin' }] });
    const res = await call<{ team: { user_count: number }; fleet: { user_count: number } }>('PATCH', `${V1}/fleets/${alpha}/users`, {
      users: [
        { id: ann.userId, role: 'observer' },
        { id: bob.userId, role: 'maintainer' },
      ],
    });
    expect(res.status).toBe(200);
    expect([res.body.team.user_count, res.body.fleet.user_count]).toEqual([2, 2]);
    expect(await members(alpha)).toEqual([
      [ann.userId, 'observer'],
      [bob.userId, 'maintainer'],
    ]);
    // Unchanged roles are not recorded again.
    expect((await call('PATCH', `${V1}/teams/${alpha}/users`, { users: [{ id: ann.userId, role: 'observer_plus' }, { id: bob.userId, role: 'maintainer' }] })).status).toBe(200);

    const listed = await call<{ users: UserJson[] }>('GET', `${V1}/teams/${alpha}/users`);
    expect(listed.status).toBe(200);
    expect(listed.body.users.map((u) => [u.id, u.role])).toEqual([
      [ann.userId, 'observer_plus'],
      [bob.userId, 'maintainer'],
    ]);
    expect(listed.body.users[1]?.teams.map((t) => [t.name, t.role])).toEqual([
      ['alpha', 'maintainer'],
      ['bravo', 'admin'],
    ]);
    expect((await call<{ users: UserJson[] }>('GET', `${V1}/teams/${alpha}/users?query=bob`)).body.users.map((u) => u.id)).toEqual([bob.userId]);
    expect((await call<{ users: UserJson[] }>('GET', `${V1}/teams/${alpha}/users?order_key=name&order_direction=desc&per_page=1`)).body.users.map((u) => u.id)).toEqual([bob.userId]);

    const changed = await activities('changed_user_team_role');
    expect(changed.map((d) => [d['user_id'], d['role'], d['team_id'], d['team_name']])).toEqual([
      [ann.userId, 'observer', alpha, 'alpha'],
      [bob.userId, 'maintainer', alpha, 'alpha'],
      [ann.userId, 'observer_plus', alpha, 'alpha'],
    ]);
    expect(changed[0]).toMatchObject({ user_name: expect.stringMatching(/^ann-/), user_email: expect.stringMatching(/@example\.com$/) });
  });

  it('a new member’s access follows at once: the team opens to them, and closes when removed', async () => {
    const carl = await user('carl');
    expect((await call('GET', `${V1}/teams/${alpha}`, undefined, carl.token)).status).toBe(403);
    await call('PATCH', `${V1}/teams/${alpha}/users`, { users: [{ id: carl.userId, role: 'observer' }] });
    expect((await call('GET', `${V1}/teams/${alpha}`, undefined, carl.token)).status).toBe(200);
    const removed = await call<{ team: { user_count: number } }>('DELETE', `${V1}/teams/${alpha}/users`, { users: [{ id: carl.userId }, { id: 999_999 }] });
    expect(removed.status).toBe(200);
    expect(removed.body.team.user_count).toBe(0);
    expect((await call('GET', `${V1}/teams/${alpha}`, undefined, carl.token)).status).toBe(403);
    expect(await activities('deleted_user_team_role')).toContainEqual(expect.objectContaining({ user_id: carl.userId, role: 'observer', team_id: alpha, team_name: 'alpha' }));
  });

  it.each([
    ['unknown user ids', (ids: number[]) => ({ users: [{ id: ids[0], role: 'observer' }, { id: 777_777, role: 'observer' }, { id: 888_888, role: 'admin' }] }), 'users', /777777, 888888/],
    ['a user with a global role', (ids: number[]) => ({ users: [{ id: ids[0], role: 'observer' }, { id: ids[1], role: 'observer' }] }), 'users', /global role/],
    ['an invalid role', (ids: number[]) => ({ users: [{ id: ids[0], role: 'overlord' }] }), 'users.0.role', /role must be one of/],
    ['no users', () => ({ users: [] }), 'users', /at least one/],
  ])('PATCH /users with %s → 422, nothing changed', async (_what, body, name, reason) => {
    const dan = await user('dan');
    const globalAdmin = await user('gil', { globalRole: 'admin' });
    const res = await call('PATCH', `${V1}/teams/${alpha}/users`, body([dan.userId, globalAdmin.userId]));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ name, reason: expect.stringMatching(reason) }]);
    expect(await members(alpha)).toEqual([]);
  });

  it('team admins manage their own team’s members only; observers may list them', async () => {
    const teamAdmin = await user('tad', { teams: [{ teamId: alpha, role: 'admin' }] });
    const observer = await user('obs', { teams: [{ teamId: alpha, role: 'observer' }] });
    const eve = await user('eve');
    expect((await call('PATCH', `${V1}/teams/${alpha}/users`, { users: [{ id: eve.userId, role: 'maintainer' }] }, teamAdmin.token)).status).toBe(200);
    expect((await call('PATCH', `${V1}/teams/${bravo}/users`, { users: [{ id: eve.userId, role: 'maintainer' }] }, teamAdmin.token)).status).toBe(403);
    expect((await call('DELETE', `${V1}/teams/${bravo}/users`, { users: [{ id: eve.userId }] }, teamAdmin.token)).status).toBe(403);
    expect((await call('PATCH', `${V1}/teams/${alpha}/users`, { users: [{ id: eve.userId, role: 'admin' }] }, observer.token)).status).toBe(403);
    expect((await call<{ users: UserJson[] }>('GET', `${V1}/teams/${alpha}/users`, undefined, observer.token)).body.users).toHaveLength(3);
    expect((await call('GET', `${V1}/teams/${bravo}/users`, undefined, observer.token)).status).toBe(403);
    expect(await members(bravo)).toEqual([]);
    expect((await call('GET', `${V1}/teams/4242/users`)).status).toBe(404);
    expect((await call('PATCH', `${V1}/teams/4242/users`, { users: [{ id: eve.userId, role: 'observer' }] })).status).toBe(404);
  });

  describe('secrets', () => {
    it('GET lists the team’s secrets in Fleet’s schema; PATCH replaces them and records it', async () => {
      for (const family of ['teams', 'fleets']) {
        const res = await call<{ secrets: unknown[] }>('GET', `/api/latest/fleet/${family}/${alpha}/secrets`);
        expect(res.status).toBe(200);
        expect(res.body.secrets).toEqual([{ secret: 'alpha-secret', created_at: expect.any(String), team_id: alpha, fleet_id: alpha }]);
        expect(fleet.problemsOfGet('/api/v1/fleet/fleets/{id}/secrets', res.body)).toEqual([]);
      }
      const replaced = await call<{ secrets: Array<{ secret: string }> }>('PATCH', `${V1}/teams/${alpha}/secrets`, { secrets: [{ secret: 'one' }, { secret: 'two' }] });
      expect(replaced.status).toBe(200);
      expect(replaced.body.secrets.map((s) => s.secret).sort()).toEqual(['one', 'two']);
      expect(ingest.secretReplaces).toEqual([{ teamId: alpha, secrets: ['one', 'two'] }]);
      expect((await call<{ team: { secrets: Array<{ secret: string }> } }>('GET', `${V1}/teams/${alpha}`)).body.team.secrets.map((s) => s.secret).sort()).toEqual(['one', 'two']);
      expect(await activities('edited_enroll_secrets')).toContainEqual({ team_id: alpha, team_name: 'alpha' });
    });

    it('refuses secrets used by another team (409), bad bodies (422), other teams’ users (403), unknown teams (404)', async () => {
      expect((await call('PATCH', `${V1}/teams/${alpha}/secrets`, { secrets: [{ secret: 'bravo-secret' }] })).status).toBe(409);
      const bad = await call('PATCH', `${V1}/teams/${alpha}/secrets`, { secrets: [{ secret: 'x' }, { secret: 'x' }] });
      expect(bad.status).toBe(422);
      expect(bad.body.errors?.map((e) => e.name)).toEqual(['secrets.1.secret']);
      const maintainer = await user('mai', { teams: [{ teamId: alpha, role: 'maintainer' }] });
      const observer = await user('obs', { teams: [{ teamId: alpha, role: 'observer' }] });
      expect((await call('GET', `${V1}/teams/${alpha}/secrets`, undefined, maintainer.token)).status).toBe(200);
      expect((await call('GET', `${V1}/teams/${bravo}/secrets`, undefined, maintainer.token)).status).toBe(403);
      expect((await call('PATCH', `${V1}/teams/${bravo}/secrets`, { secrets: [] }, maintainer.token)).status).toBe(403);
      expect((await call('GET', `${V1}/teams/${alpha}/secrets`, undefined, observer.token)).status).toBe(403);
      expect((await call('GET', `${V1}/teams/4242/secrets`)).status).toBe(404);
      expect(ingest.secretReplaces).toEqual([{ teamId: alpha, secrets: ['bravo-secret'] }]);
      expect((await gw.db.manager.findBy(EnrollSecretEntity, { teamId: alpha })).map((s) => s.secret)).toEqual(['alpha-secret']);
    });
  });
});
