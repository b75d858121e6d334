import { ROLES, type Role } from '@flotilla/domain';
import { can, canOnUser, canSomewhere, listScope, scopeOf } from './authorizer';
import { ACTIONS, PERMISSIONS } from './permissions';
import type { Principal } from './principal';

const user = (globalRole: Role | null, teams: Array<{ teamId: number; role: Role }> = []): Principal => ({
  sessionId: 1,
  user: { id: 1, name: 'u', email: 'u@example.com', gravatarUrl: '', globalRole, teams, apiOnly: false, forcePasswordReset: false },
});
const forbidden = (): Error => new Error('forbidden');

describe('authorizer', () => {
  it('global roles: exactly the roles the matrix lists, on team and global resources alike', () => {
    for (const action of ACTIONS) {
      for (const role of ROLES) {
        const expected = PERMISSIONS[action].roles.includes(role);
        expect({ action, role, team: can(user(role), action, 7), global: can(user(role), action, null) }).toEqual({ action, role, team: expected, global: expected });
      }
    }
  });

  it('team roles: inside their team per the matrix, never outside it, globally only for "anywhere" actions', () => {
    for (const action of ACTIONS) {
      const { roles, scope } = PERMISSIONS[action];
      for (const role of ROLES) {
        const p = user(null, [{ teamId: 7, role }]);
        const listed = roles.includes(role);
        expect({ action, role, inside: can(p, action, 7), outside: can(p, action, 8), global: can(p, action, null) }).toEqual({
          action,
          role,
          inside: listed && scope !== 'global',
          outside: listed && scope === 'anywhere',
          global: listed && scope === 'anywhere',
        });
      }
    }
  });

  it('the bootstrap token (no user) is a global admin', () => {
    const bootstrap: Principal = { sessionId: 1, user: null };
    for (const action of ACTIONS) expect(can(bootstrap, action, null)).toBe(PERMISSIONS[action].roles.includes('admin'));
  });

  it('scopes lists to the teams where a role allows the action', () => {
    const p = user(null, [
      { teamId: 1, role: 'observer' },
      { teamId: 2, role: 'maintainer' },
    ]);
    expect(scopeOf(p, 'host.read')).toEqual([1, 2]);
    expect(scopeOf(p, 'host.delete')).toEqual([2]);
    expect(scopeOf(p, 'activity.read')).toEqual([]);
    expect(scopeOf(p, 'config.read')).toBe('all');
    expect(canSomewhere(p, 'host.delete')).toBe(true);
    expect(canSomewhere(p, 'team.create')).toBe(false);
    expect(listScope(p, 'host.read', undefined, forbidden)).toEqual({ withinTeams: [1, 2] });
    expect(listScope(p, 'host.read', 2, forbidden)).toEqual({ withinTeams: [1, 2] });
    expect(() => listScope(p, 'host.read', 3, forbidden)).toThrow('forbidden');
    expect(() => listScope(p, 'host.read', null, forbidden)).toThrow('forbidden');
    expect(listScope(user('observer'), 'host.read', 3, forbidden)).toEqual({});
  });

  it('reaches a team user through one shared team to read it, through all its teams to change it', () => {
    const teamAdmin = user(null, [{ teamId: 1, role: 'admin' }]);
    const both = { globalRole: null, teams: [{ teamId: 1 }, { teamId: 2 }] };
    expect(canOnUser(teamAdmin, 'user.read', both)).toBe(true);
    expect(canOnUser(teamAdmin, 'user.write', both)).toBe(false);
    expect(canOnUser(teamAdmin, 'user.write', { globalRole: null, teams: [{ teamId: 1 }] })).toBe(true);
    expect(canOnUser(teamAdmin, 'user.write', { globalRole: 'observer', teams: [] })).toBe(false);
    expect(canOnUser(user('admin'), 'user.write', both)).toBe(true);
  });
});
