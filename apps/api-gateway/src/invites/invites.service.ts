import { Inject, Injectable } from '@nestjs/common';
import { InviteEntity, isDuplicateKey, UserEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { isRole } from '@flotilla/domain';
import { ActivitiesService } from '../activities/activities.service';
import { AppConfigService } from '../app-config/app-config.service';
import { generateApiToken, hashApiToken, sameTokenHash } from '../auth/api-token';
import { AuthError } from '../auth/auth.errors';
import { passwordProblems } from '../auth/password';
import { canOnUser } from '../authz/authorizer';
import type { Principal } from '../authz/principal';
import { MailerService } from '../mail/mailer.service';
import { assertCanAssign, type Roles } from '../users/role-assignment';
import { teamSummaries, type FleetTeamSummary, type FleetUser } from '../users/user-view';
import { UsersError } from '../users/users.errors';
import { normaliseEmail } from '../users/users.repository';
import { UsersService } from '../users/users.service';

/** Fleet's invite JSON. */
export interface FleetInvite {
  id: number;
  created_at: string;
  updated_at: string;
  invited_by: number | null;
  email: string;
  name: string;
  position: string;
  sso_enabled: boolean;
  mfa_enabled: boolean;
  global_role: string | null;
  teams: Array<FleetTeamSummary & { role: string }>;
}

export interface InviteInput extends Roles {
  email: string;
  name?: string | undefined;
  position?: string | undefined;
  ssoEnabled?: boolean | undefined;
  mfaEnabled?: boolean | undefined;
}

/**
 * Invites: an admin (or a team admin, for its teams) names an email and roles; the invitee gets a
 * link with a single-use token (stored hashed) and creates the account with `POST /users`.
 * Sending needs SMTP; without it inviting is refused with a clear error.
 */
@Injectable()
export class InvitesService {
  constructor(
    @Inject(DATABASE) private readonly db: EntityManagerSource,
    private readonly users: UsersService,
    private readonly mailer: MailerService,
    private readonly appConfig: AppConfigService,
    private readonly activities: ActivitiesService,
  ) {}

  async create(principal: Principal, input: InviteInput): Promise<FleetInvite> {
    await assertCanAssign(this.db, principal, 'invite.write', input);
    if (!(await this.mailer.isConfigured())) throw AuthError.emailNotConfigured();
    const email = normaliseEmail(input.email);
    if (await this.db.manager.existsBy(UserEntity, { email })) throw UsersError.emailTaken(email, 'user');
    const token = generateApiToken();
    let id: number;
    try {
      const result = await this.db.manager.insert(InviteEntity, {
        email,
        name: input.name ?? '',
        position: input.position ?? '',
        globalRole: input.globalRole,
        teams: input.teams.map((t) => ({ id: t.teamId, role: t.role })),
        tokenHash: hashApiToken(token),
        invitedBy: principal.user?.id ?? null,
        ssoEnabled: input.ssoEnabled ?? false,
        mfaEnabled: input.mfaEnabled ?? false,
      });
      id = Number(result.identifiers[0]?.['id']);
    } catch (err) {
      if (isDuplicateKey(err)) throw UsersError.emailTaken(email, 'invite');
      throw err;
    }
    const invite = await this.db.manager.findOneByOrFail(InviteEntity, { id });
    const link = `${(await this.appConfig.serverUrl()).replace(/\/+$/, '')}/login/invites/${encodeURIComponent(token)}`;
    const inviter = principal.user?.name ?? 'An administrator';
    this.mailer.sendLater(
      {
        to: email,
        subject: 'You are invited to Flotilla',
        text: `${inviter} invited you to Flotilla.\n\nCreate your account here: ${link}\n\nOr send the token ${token} as invite_token to POST /api/latest/fleet/users.\n`,
      },
      'invite',
    );
    await this.activities.record(principal, 'invited_user', { invite_id: id, email });
    return (await this.views([invite]))[0] as FleetInvite;
  }

  /** Invites the caller may manage. */
  async list(principal: Principal): Promise<FleetInvite[]> {
    const rows = await this.db.manager.find(InviteEntity, { order: { id: 'ASC' } });
    return this.views(rows.filter((r) => canOnUser(principal, 'invite.write', rolesOf(r))));
  }

  async modify(principal: Principal, id: number, patch: Partial<InviteInput>): Promise<FleetInvite> {
    const invite = await this.manageable(principal, id);
    const changes: Partial<InviteEntity> = {};
    if (patch.globalRole !== undefined || patch.teams !== undefined) {
      const roles: Roles = { globalRole: patch.globalRole ?? null, teams: patch.teams ?? [] };
      await assertCanAssign(this.db, principal, 'invite.write', roles);
      changes.globalRole = roles.globalRole;
      changes.teams = roles.teams.map((t) => ({ id: t.teamId, role: t.role }));
    }
    if (patch.email !== undefined) changes.email = normaliseEmail(patch.email);
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.position !== undefined) changes.position = patch.position;
    if (patch.ssoEnabled !== undefined) changes.ssoEnabled = patch.ssoEnabled;
    if (patch.mfaEnabled !== undefined) changes.mfaEnabled = patch.mfaEnabled;
    try {
      if (Object.keys(changes).length > 0) await this.db.manager.update(InviteEntity, { id }, changes);
    } catch (err) {
      if (isDuplicateKey(err)) throw UsersError.emailTaken(changes.email ?? invite.email, 'invite');
      throw err;
    }
    await this.activities.record(principal, 'edited_invite', { invite_id: id, email: changes.email ?? invite.email });
    return (await this.views([await this.db.manager.findOneByOrFail(InviteEntity, { id })]))[0] as FleetInvite;
  }

  async delete(principal: Principal, id: number): Promise<void> {
    const invite = await this.manageable(principal, id);
    await this.db.manager.delete(InviteEntity, { id });
    await this.activities.record(principal, 'deleted_invite', { invite_id: id, email: invite.email });
  }

  /** The invite behind a token (public: the invitee's sign-up page checks it). */
  async verify(token: string): Promise<FleetInvite> {
    return (await this.views([await this.byToken(token)]))[0] as FleetInvite;
  }

  /** Creates the invited account (email must match the invite) and consumes the invite. */
  async accept(input: { email: string; token: string; name: string; password: string; position?: string | undefined }): Promise<FleetUser> {
    const invite = await this.byToken(input.token);
    if (normaliseEmail(input.email) !== invite.email) throw UsersError.validation([{ name: 'email', reason: 'does not match the invited address' }]);
    const problems = passwordProblems(input.password, 'password');
    if (problems.length > 0) throw UsersError.validation(problems);
    if (await this.db.manager.existsBy(UserEntity, { email: invite.email })) throw UsersError.emailTaken(invite.email, 'user');
    // Consume first: a token can create one account only, even when two requests race.
    const consumed = await this.db.manager.delete(InviteEntity, { id: invite.id });
    if ((consumed.affected ?? 0) === 0) throw UsersError.inviteNotFound();
    const { user } = await this.users.create(null, {
      ...rolesOf(invite),
      name: input.name,
      email: invite.email,
      password: input.password,
      position: input.position ?? invite.position,
      ssoEnabled: invite.ssoEnabled,
      mfaEnabled: invite.mfaEnabled,
    });
    return user;
  }

  private async byToken(token: string): Promise<InviteEntity> {
    const hash = hashApiToken(token);
    const invite = await this.db.manager.findOneBy(InviteEntity, { tokenHash: hash });
    if (!invite || !sameTokenHash(invite.tokenHash, hash)) throw UsersError.inviteNotFound();
    return invite;
  }

  private async manageable(principal: Principal, id: number): Promise<InviteEntity> {
    const invite = await this.db.manager.findOneBy(InviteEntity, { id });
    if (!invite) throw UsersError.inviteNotFound();
    await assertCanAssign(this.db, principal, 'invite.write', rolesOf(invite));
    return invite;
  }

  private async views(rows: readonly InviteEntity[]): Promise<FleetInvite[]> {
    const teams = await teamSummaries(this.db, [...new Set(rows.flatMap((r) => (r.teams ?? []).map((t) => t.id)))]);
    return rows.map((r) => ({
      id: r.id,
      created_at: r.createdAt.toISOString(),
      updated_at: r.updatedAt.toISOString(),
      invited_by: r.invitedBy,
      email: r.email,
      name: r.name,
      position: r.position,
      sso_enabled: Boolean(r.ssoEnabled),
      mfa_enabled: Boolean(r.mfaEnabled),
      global_role: r.globalRole,
      teams: (r.teams ?? []).flatMap((t) => {
        const team = teams.get(t.id);
        return team ? [{ ...team, role: t.role }] : [];
      }),
    }));
  }
}

function rolesOf(invite: InviteEntity): Roles {
  const teams = (invite.teams ?? []).flatMap((t) => (isRole(t.role) ? [{ teamId: t.id, role: t.role }] : []));
  return { globalRole: isRole(invite.globalRole) ? invite.globalRole : teams.length > 0 ? null : 'observer', teams };
}
