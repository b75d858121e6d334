import { Injectable } from '@nestjs/common';
import { generateApiToken, hashApiToken } from './api-token';
import { SessionsRepository, type SessionRecord } from './sessions.repository';

/** Fleet's session JSON. */
export interface FleetSession {
  session_id: number;
  user_id: number;
  created_at: string;
}

/** Creates and revokes sessions (a session's token is the user's API token). */
@Injectable()
export class SessionsService {
  constructor(private readonly sessions: SessionsRepository) {}

  /** A new session for the user; the token is returned once and only its hash is kept. */
  async create(user: { id: number; apiOnly: boolean }, name: string): Promise<{ token: string; sessionId: number }> {
    const token = generateApiToken();
    const sessionId = await this.sessions.insert({ tokenHash: hashApiToken(token), name, apiOnly: user.apiOnly, userId: user.id });
    return { token, sessionId };
  }

  get(id: number): Promise<SessionRecord | null> {
    return this.sessions.findById(id);
  }

  revoke(id: number): Promise<boolean> {
    return this.sessions.delete(id);
  }

  async listForUser(userId: number): Promise<FleetSession[]> {
    return (await this.sessions.listForUser(userId)).map(toFleetSession);
  }

  revokeAllForUser(userId: number, exceptSessionId?: number): Promise<number> {
    return this.sessions.deleteForUser(userId, exceptSessionId);
  }
}

export function toFleetSession(s: SessionRecord): FleetSession {
  return { session_id: s.id, user_id: s.userId ?? 0, created_at: s.createdAt.toISOString() };
}
