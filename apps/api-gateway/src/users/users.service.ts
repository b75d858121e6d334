import { Inject, Injectable } from '@nestjs/common';
import { isDuplicateKey, type EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { ActivitiesService } from '../activities/activities.service';
import { hashPassword, passwordProblems, verifyPassword } from '../auth/password';
import { SessionsService, type FleetSession } from '../auth/sessions.service';
import { canOnUser, scopeOf } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { assertCanAssign, type Roles } from './role-assignment';
import { availableTeams, toFleetUsers, type FleetTeamSummary, type FleetUser } from './user-view';
import { UsersError } from './users.errors';
import { UsersRepository, type UserChanges, type UserListOptions, type UserRecord } from './users.repository';
import { recordRoleChanges } from './role-activities';

export interface NewUserInput extends Roles {
  name: string;
  email: string;
  password?: string | undefined;
  position?: string | undefined;
  ssoEnabled?: boolean | undefined;
  mfaEnabled?: boolean | undefined;
  apiOnly?: boolean | undefined;
  forcePasswordReset?: boolean | undefined;
}

export interface UserPatch {
  name?: string | undefined;
  email?: string | undefined;
  position?: string | undefined;
  roles?: Roles | undefined;
  ssoEnabled?: boolean | undefined;
  mfaEnabled?: boolean | undefined;
  /** The caller's current password (needed to change one's own email or password). */
  password?: string | undefined;
  newPassword?: string | undefined;
  /** UI preferences: only the user itself changes them. */
  settings?: { hidden_host_columns: string[] } | undefined;
}

const forbidden = (): Error => AuthzError.forbidden();

/**
 * User accounts: create (by an admin, or from an invite), read, modify, delete, force a password
 * reset, list and revoke sessions. Every change of roles is checked against what the caller may
 * grant (see role-assignment.ts); the last global admin cannot be demoted or deleted.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly activities: ActivitiesService,
    @Inject(DATABASE) private readonly db: EntityManagerSource,
  ) {}

  async list(principal: Principal, options: Omit<UserListOptions, 'teamIds'> & { teamId?: number | undefined }): Promise<FleetUser[]> {
    const scope = scopeOf(principal, 'user.read');
    const { teamId, ...rest } = options;
    let teamIds: number[] | undefined = scope === 'all' ? undefined : scope;
    if (teamId !== undefined) {
      if (teamIds !== undefined && !teamIds.includes(teamId)) throw forbidden();
      teamIds = [teamId];
    }
    return toFleetUsers(this.db, await this.users.list({ ...rest, ...(teamIds ? { teamIds } : {}) }));
  }

  /** A user and the teams it can work with (Fleet's `GET /users/:id` answers both). */
  async get(principal: Principal, id: number): Promise<{ user: FleetUser; availableTeams: FleetTeamSummary[] }> {
    const user = await this.reachable(principal, 'user.read', id);
    return { user: await this.view(user), availableTeams: await availableTeams(this.db, user) };
  }

  /** Creates an account; API-only accounts also get their (non-expiring) token, returned once. */
  async create(principal: Principal | null, input: NewUserInput): Promise<{ user: FleetUser; token?: string }> {
    if (principal) await assertCanAssign(this.db, principal, 'user.write', input);
    const needsPassword = !input.ssoEnabled && !input.apiOnly;
    if (needsPassword && input.password === undefined) throw UsersError.validation([{ name: 'password', reason: 'is required (unless sso_enabled or api_only)' }]);
    if (input.password !== undefined) this.checkPassword(input.password, 'password');
    let id: number;
    try {
      id = await this.users.insert({
        name: input.name,
        email: input.email,
        passwordHash: input.password !== undefined ? await hashPassword(input.password) : null,
        globalRole: input.globalRole,
        teams: input.teams,
        apiOnly: input.apiOnly ?? false,
        ssoEnabled: input.ssoEnabled ?? false,
        mfaEnabled: input.mfaEnabled ?? false,
        forcePasswordReset: input.forcePasswordReset ?? false,
        position: input.position ?? '',
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw UsersError.emailTaken(input.email, 'user');
      throw err;
    }
    const user = await this.mustFind(id);
    const actor = principal ?? { user };
    await this.activities.record(actor, 'created_user', { user_id: user.id, user_name: user.name, user_email: user.email });
    await recordRoleChanges(this.activities, this.db, actor, user, { globalRole: null, teams: [] }, user);
    const token = user.apiOnly ? (await this.sessions.create(user, 'api-only')).token : undefined;
    return { user: await this.view(user), ...(token ? { token } : {}) };
  }

  async modify(principal: Principal, id: number, patch: UserPatch): Promise<FleetUser> {
    const self = principal.user?.id === id;
    const user = self ? await this.mustFind(id) : await this.reachable(principal, 'user.write', id);
    const changes: UserChanges = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.position !== undefined) changes.position = patch.position;
    if (patch.email !== undefined && patch.email !== user.email) {
      if (self) await this.confirmPassword(user, patch.password);
      changes.email = patch.email;
    }
    if (patch.ssoEnabled !== undefined || patch.mfaEnabled !== undefined) {
      if (!canOnUser(principal, 'user.write', user)) throw forbidden();
      if (patch.ssoEnabled !== undefined) changes.ssoEnabled = patch.ssoEnabled;
      if (patch.mfaEnabled !== undefined) changes.mfaEnabled = patch.mfaEnabled;
    }
    if (patch.roles !== undefined) {
      // Changing roles needs the right over the account as it is and as it will be: nobody
      // promotes themselves, and a team admin cannot pull a user out of another team.
      if (!canOnUser(principal, 'user.write', user)) throw forbidden();
      await assertCanAssign(this.db, principal, 'user.write', patch.roles);
      if (user.globalRole === 'admin' && patch.roles.globalRole !== 'admin' && (await this.users.countGlobalAdmins()) <= 1) throw UsersError.lastAdmin();
      changes.globalRole = patch.roles.globalRole;
      changes.teams = patch.roles.teams;
    }
    if (patch.settings !== undefined) {
      if (!self) throw forbidden();
      changes.settings = patch.settings;
    }
    if (patch.newPassword !== undefined) {
      if (self) await this.confirmPassword(user, patch.password);
      this.checkPassword(patch.newPassword, 'new_password');
      changes.passwordHash = await hashPassword(patch.newPassword);
    }
    try {
      await this.users.update(id, changes);
    } catch (err) {
      if (isDuplicateKey(err)) throw UsersError.emailTaken(patch.email ?? '', 'user');
      throw err;
    }
    if (changes.passwordHash !== undefined) await this.sessions.revokeAllForUser(id, self ? principal.sessionId : undefined);
    const updated = await this.mustFind(id);
    await this.activities.record(principal, 'edited_user', { user_id: id, user_name: updated.name, user_email: updated.email, fields: Object.keys(changes).filter((k) => k !== 'passwordHash').concat(changes.passwordHash ? ['password'] : []) });
    if (patch.roles !== undefined) await recordRoleChanges(this.activities, this.db, principal, updated, user, updated);
    return this.view(updated);
  }

  async delete(principal: Principal, id: number): Promise<void> {
    const user = await this.reachable(principal, 'user.write', id);
    if (user.globalRole === 'admin' && (await this.users.countGlobalAdmins()) <= 1) throw UsersError.lastAdmin();
    await this.sessions.revokeAllForUser(id);
    await this.users.delete(id);
    await this.activities.record(principal, 'deleted_user', { user_id: id, user_name: user.name, user_email: user.email });
  }

  /** Sets or clears the forced reset; setting it signs the user out everywhere. */
  async requirePasswordReset(principal: Principal, id: number, require: boolean): Promise<FleetUser> {
    const user = await this.reachable(principal, 'user.write', id);
    await this.users.update(id, { forcePasswordReset: require });
    if (require) await this.sessions.revokeAllForUser(id);
    await this.activities.record(principal, 'required_password_reset', { user_id: id, user_name: user.name, user_email: user.email, require });
    return this.view(await this.mustFind(id));
  }

  async sessionsOf(principal: Principal, id: number): Promise<FleetSession[]> {
    if (principal.user?.id !== id) await this.reachable(principal, 'user.write', id);
    else await this.mustFind(id);
    return this.sessions.listForUser(id);
  }

  async revokeSessions(principal: Principal, id: number): Promise<void> {
    const user = principal.user?.id === id ? await this.mustFind(id) : await this.reachable(principal, 'user.write', id);
    const revoked = await this.sessions.revokeAllForUser(id);
    await this.activities.record(principal, 'revoked_sessions', { user_id: id, user_name: user.name, user_email: user.email, count: revoked });
  }

  private async reachable(principal: Principal, action: 'user.read' | 'user.write', id: number): Promise<UserRecord> {
    const user = await this.mustFind(id);
    if (principal.user?.id === id && action === 'user.read') return user;
    if (!canOnUser(principal, action, user)) throw forbidden();
    return user;
  }

  private async mustFind(id: number): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user) throw UsersError.notFound(id);
    return user;
  }

  private async confirmPassword(user: UserRecord, password: string | undefined): Promise<void> {
    if (password === undefined || !(await verifyPassword(user.passwordHash, password))) {
      throw UsersError.validation([{ name: 'password', reason: 'your current password is needed to change your email or password, and it does not match' }]);
    }
  }

  private checkPassword(password: string, field: string): void {
    const problems = passwordProblems(password, field);
    if (problems.length > 0) throw UsersError.validation(problems);
  }

  private async view(user: UserRecord): Promise<FleetUser> {
    const [view] = await toFleetUsers(this.db, [user]);
    if (!view) throw new Error('users: view missing');
    return view;
  }
}
