import { Inject, Injectable } from '@nestjs/common';
import { ActivitiesService } from '../activities/activities.service';
import { API_GATEWAY_SETTINGS } from '../api-gateway.tokens';
import type { ApiGatewaySettings } from '../config/api-gateway.config';
import { normaliseEmail, UsersRepository, type UserRecord } from '../users/users.repository';
import { AuthError } from './auth.errors';
import { verifyPassword } from './password';
import { RateLimiter } from './rate-limiter';
import { SessionsService } from './sessions.service';

const MINUTE_MS = 60_000;

/**
 * Email + password → session. Attempts are throttled per client IP and per email (counted
 * before the password is looked at, the same way for known and unknown addresses), and every
 * failure is the same 401 after the same work (a dummy hash is verified for unknown emails), so
 * neither the answer nor its timing tells whether an account exists.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
    private readonly activities: ActivitiesService,
    @Inject(API_GATEWAY_SETTINGS) private readonly settings: ApiGatewaySettings,
  ) {}

  async login(email: string, password: string, ip: string): Promise<{ user: UserRecord; token: string }> {
    const address = normaliseEmail(email);
    const decision = await this.limiter.hit([`login:ip:${ip}`, `login:email:${address}`], this.settings.loginRateLimitPerMinute, MINUTE_MS);
    if (!decision.allowed) throw AuthError.rateLimited(decision.retryAfterSeconds);
    const user = await this.users.findByEmail(address);
    // SSO-only and API-only users cannot log in with a password (API-only users use their token).
    const usable = user !== null && !user.ssoEnabled && !user.apiOnly ? user : null;
    const ok = await verifyPassword(usable?.passwordHash ?? null, password);
    if (!ok || !usable) {
      await this.activities.record(null, 'user_failed_login', { email: address, public_ip: ip });
      throw AuthError.loginFailed();
    }
    const { token } = await this.sessions.create(usable, 'login');
    await this.activities.record({ user: usable }, 'user_logged_in', { public_ip: ip });
    return { user: usable, token };
  }
}
