import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@flotilla/platform-logging';
import { LOGGER } from '@flotilla/platform-server';
import { bearerToken, hashApiToken, sameTokenHash } from './api-token';
import { AuthError } from './auth.errors';
import { SessionsRepository, type SessionRecord } from './sessions.repository';

/** Who made an authenticated admin API request. */
export interface ApiPrincipal {
  sessionId: number;
  /** NULL for the bootstrap token (no user accounts yet). */
  userId: number | null;
  apiOnly: boolean;
}

/** Positive lookups are trusted this long, so a busy client costs one DB read per 30 s. */
export const SESSION_CACHE_TTL_MS = 30_000;
/** `sessions.accessed_at` is written at most this often per session (per process). */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;
const MAX_CACHED_SESSIONS = 10_000;

interface CachedSession {
  session: SessionRecord;
  expiresAt: number;
}

/**
 * Resolves `Authorization: Bearer <token>` to a session: the token's SHA-256 is looked up in
 * `sessions.token_hash`. Tokens themselves are never stored, cached or logged; a revoked
 * session stays usable for at most SESSION_CACHE_TTL_MS on a replica that had cached it.
 */
@Injectable()
export class SessionAuthService {
  private readonly cache = new Map<string, CachedSession>();
  private readonly touchedAt = new Map<number, number>();

  constructor(
    private readonly sessions: SessionsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async authenticate(authorization: string | string[] | undefined, now = Date.now()): Promise<ApiPrincipal> {
    const token = bearerToken(authorization);
    if (token === undefined) throw new AuthError('missing_token');
    const hash = hashApiToken(token);
    const session = await this.lookup(hash, now);
    if (!session) throw new AuthError('invalid_token');
    this.touch(session.id, now);
    return { sessionId: session.id, userId: session.userId, apiOnly: session.apiOnly };
  }

  /** Drops every cached lookup (e.g. after sessions were revoked). */
  forgetAll(): void {
    this.cache.clear();
  }

  private async lookup(hash: string, now: number): Promise<SessionRecord | null> {
    const cached = this.cache.get(hash);
    if (cached && cached.expiresAt > now && sameTokenHash(cached.session.tokenHash, hash)) return cached.session;
    if (cached) this.cache.delete(hash);
    const session = await this.sessions.findByTokenHash(hash);
    // The index found the row; compare again in constant time so no code path depends on a
    // byte-by-byte comparison of caller-controlled data.
    if (!session || !sameTokenHash(session.tokenHash, hash)) return null;
    if (this.cache.size >= MAX_CACHED_SESSIONS) this.evictOldest();
    this.cache.set(hash, { session, expiresAt: now + SESSION_CACHE_TTL_MS });
    return session;
  }

  private evictOldest(): void {
    const oldest = this.cache.keys().next();
    if (!oldest.done) this.cache.delete(oldest.value);
  }

  /** Records the access in the background, at most once a minute per session. */
  private touch(sessionId: number, now: number): void {
    const last = this.touchedAt.get(sessionId);
    if (last !== undefined && now - last < SESSION_TOUCH_INTERVAL_MS) return;
    if (this.touchedAt.size >= MAX_CACHED_SESSIONS) this.touchedAt.clear();
    this.touchedAt.set(sessionId, now);
    this.sessions.touch(sessionId, new Date(now)).catch((err: unknown) => {
      this.touchedAt.delete(sessionId);
      this.logger.warn({ err, sessionId }, 'could not record session access');
    });
  }
}
