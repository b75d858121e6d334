import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@flotilla/platform-logging';
import { LOGGER } from '@flotilla/platform-server';
import { API_GATEWAY_SETTINGS } from '../api-gateway.tokens';
import type { Principal } from '../authz/principal';
import type { ApiGatewaySettings } from '../config/api-gateway.config';
import { UsersRepository } from '../users/users.repository';
import { bearerToken, hashApiToken, sameTokenHash } from './api-token';
import { AuthError } from './auth.errors';
import { SessionsRepository, type SessionRecord } from './sessions.repository';

/** `sessions.accessed_at` is written at most this often per session (per process). */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;
const MAX_TOUCHED = 10_000;

/**
 * Resolves `Authorization: Bearer <token>` to a principal: the token's SHA-256 is looked up in
 * `sessions.token_hash`, then its user and team roles. Nothing is cached, so a revoked session,
 * a deleted user or a changed role takes effect on the next request on every replica (the admin
 * API is not a hot path: two indexed reads per request). Tokens are never stored or logged.
 *
 * A login session expires when unused for FLOTILLA_SESSION_DURATION (sliding on `accessed_at`,
 * which is written at most once a minute); API-only users' sessions and the bootstrap token never
 * expire.
 */
@Injectable()
export class SessionAuthService {
  private readonly touchedAt = new Map<number, number>();

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
    @Inject(API_GATEWAY_SETTINGS) private readonly settings: ApiGatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async authenticate(authorization: string | string[] | undefined, now = Date.now()): Promise<Principal> {
    const token = bearerToken(authorization);
    if (token === undefined) throw new AuthError('missing_token');
    return this.authenticateToken(token, now);
  }

  /** The principal of a raw token (also used by the live-query WebSocket's `auth` message). */
  async authenticateToken(token: string, now = Date.now()): Promise<Principal> {
    const hash = hashApiToken(token);
    const session = await this.sessions.findByTokenHash(hash);
    // The index found the row; compare again in constant time so no code path depends on a
    // byte-by-byte comparison of caller-controlled data.
    if (!session || !sameTokenHash(session.tokenHash, hash)) throw new AuthError('invalid_token');
    if (session.userId === null) {
      this.touch(session.id, now);
      return { sessionId: session.id, user: null };
    }
    const user = await this.users.findById(session.userId);
    if (!user) {
      await this.sessions.delete(session.id);
      throw new AuthError('invalid_token');
    }
    if (!session.apiOnly && this.expired(session, now)) {
      await this.sessions.delete(session.id);
      throw new AuthError('invalid_token');
    }
    this.touch(session.id, now);
    return {
      sessionId: session.id,
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        gravatarUrl: user.gravatarUrl,
        globalRole: user.globalRole,
        teams: user.teams,
        apiOnly: user.apiOnly,
        forcePasswordReset: user.forcePasswordReset,
      },
    };
  }

  private expired(session: SessionRecord, now: number): boolean {
    const lastUse = Math.max(session.accessedAt?.getTime() ?? 0, session.createdAt.getTime());
    return now - lastUse > this.settings.sessionDurationMs;
  }

  /** Records the access in the background, at most once a minute per session. */
  private touch(sessionId: number, now: number): void {
    const last = this.touchedAt.get(sessionId);
    if (last !== undefined && now - last < SESSION_TOUCH_INTERVAL_MS) return;
    if (this.touchedAt.size >= MAX_TOUCHED) this.touchedAt.clear();
    this.touchedAt.set(sessionId, now);
    this.sessions.touch(sessionId, new Date(now)).catch((err: unknown) => {
      this.touchedAt.delete(sessionId);
      this.logger.warn({ err, sessionId }, 'could not record session access');
    });
  }
}
