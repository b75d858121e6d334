import { Inject, Injectable } from '@nestjs/common';
import { PasswordResetRequestEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { LessThan } from 'typeorm';
import { ActivitiesService } from '../activities/activities.service';
import { API_GATEWAY_SETTINGS } from '../api-gateway.tokens';
import { AppConfigService } from '../app-config/app-config.service';
import type { Principal } from '../authz/principal';
import type { ApiGatewaySettings } from '../config/api-gateway.config';
import { MailerService } from '../mail/mailer.service';
import { normaliseEmail, UsersRepository, type UserRecord } from '../users/users.repository';
import { generateApiToken, hashApiToken, sameTokenHash } from './api-token';
import { AuthError } from './auth.errors';
import { hashPassword, passwordProblems, verifyPassword } from './password';
import { RateLimiter } from './rate-limiter';
import { SessionsService } from './sessions.service';

/** A reset link works this long. */
export const PASSWORD_RESET_TTL_MS = 24 * 3_600_000;
const HOUR_MS = 3_600_000;

/**
 * Password changes: by the user (old + new), by emailed token (forgot → reset), and the forced
 * reset an admin can require. Every change revokes the user's other sessions.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @Inject(DATABASE) private readonly db: EntityManagerSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly mailer: MailerService,
    private readonly appConfig: AppConfigService,
    private readonly limiter: RateLimiter,
    private readonly activities: ActivitiesService,
    @Inject(API_GATEWAY_SETTINGS) private readonly settings: ApiGatewaySettings,
  ) {}

  async change(principal: Principal, oldPassword: string, newPassword: string): Promise<void> {
    const user = await this.signedInUser(principal);
    if (!(await verifyPassword(user.passwordHash, oldPassword))) throw AuthError.invalidPassword([{ name: 'old_password', reason: 'old password does not match' }]);
    await this.setPassword(user, newPassword, 'new_password', principal.sessionId);
    await this.activities.record(principal, 'changed_password', {});
  }

  /** The forced reset: only allowed while `force_password_reset` is set; the new password must differ. */
  async performRequired(principal: Principal, newPassword: string): Promise<UserRecord> {
    const user = await this.signedInUser(principal);
    if (!user.forcePasswordReset) throw AuthError.invalidPassword([{ name: 'base', reason: 'no password reset is required for this user' }]);
    if (await verifyPassword(user.passwordHash, newPassword)) throw AuthError.invalidPassword([{ name: 'new_password', reason: 'the new password must differ from the current one' }]);
    await this.setPassword(user, newPassword, 'new_password', principal.sessionId);
    await this.activities.record(principal, 'reset_password', {});
    return (await this.users.findById(user.id)) ?? user;
  }

  /**
   * Emails a reset link when the address belongs to a password user. The answer is the same
   * whether or not it does (the email goes out in the background); without SMTP every request
   * is refused alike.
   */
  async forgot(email: string, ip: string): Promise<void> {
    if (!(await this.mailer.isConfigured())) throw AuthError.emailNotConfigured();
    const address = normaliseEmail(email);
    const decision = await this.limiter.hit([`forgot:ip:${ip}`, `forgot:email:${address}`], this.settings.passwordResetRateLimitPerHour, HOUR_MS);
    if (!decision.allowed) throw AuthError.rateLimited(decision.retryAfterSeconds);
    const user = await this.users.findByEmail(address);
    if (!user || user.ssoEnabled || user.apiOnly) return;
    const token = generateApiToken();
    await this.db.manager.delete(PasswordResetRequestEntity, { expiresAt: LessThan(new Date()) });
    await this.db.manager.insert(PasswordResetRequestEntity, { userId: user.id, tokenHash: hashApiToken(token), expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MS) });
    const link = `${(await this.appConfig.serverUrl()).replace(/\/+$/, '')}/login/reset?token=${encodeURIComponent(token)}`;
    this.mailer.sendLater(
      {
        to: user.email,
        subject: 'Reset your Flotilla password',
        text: `Someone (hopefully you) asked to reset the password of ${user.email}.\n\nReset it here within 24 hours: ${link}\n\nOr send the token ${token} to POST /api/latest/fleet/reset_password.\n\nIf you did not ask for this, ignore this email.\n`,
      },
      'password reset',
    );
  }

  /** Sets a new password with an emailed token; the token is single-use and every session of the user is revoked. */
  async reset(token: string, newPassword: string): Promise<void> {
    const hash = hashApiToken(token);
    const request = await this.db.manager.findOneBy(PasswordResetRequestEntity, { tokenHash: hash });
    if (!request || !sameTokenHash(request.tokenHash, hash) || request.expiresAt.getTime() < Date.now()) throw AuthError.invalidResetToken();
    const user = await this.users.findById(request.userId);
    if (!user) throw AuthError.invalidResetToken();
    const problems = passwordProblems(newPassword, 'new_password');
    if (problems.length > 0) throw AuthError.invalidPassword(problems);
    await this.db.manager.delete(PasswordResetRequestEntity, { userId: user.id });
    await this.setPassword(user, newPassword, 'new_password');
    await this.activities.record({ user }, 'reset_password', {});
  }

  private async signedInUser(principal: Principal): Promise<UserRecord> {
    const user = principal.user ? await this.users.findById(principal.user.id) : null;
    if (!user) throw AuthError.invalidPassword([{ name: 'base', reason: 'this token belongs to no user account' }]);
    return user;
  }

  /** Validates and stores a new password, clears a forced reset and revokes every other session. */
  private async setPassword(user: UserRecord, password: string, field: string, keepSessionId?: number): Promise<void> {
    const problems = passwordProblems(password, field);
    if (problems.length > 0) throw AuthError.invalidPassword(problems);
    await this.users.update(user.id, { passwordHash: await hashPassword(password), forcePasswordReset: false });
    await this.sessions.revokeAllForUser(user.id, keepSessionId);
  }
}
