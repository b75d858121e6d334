import type { Role } from '@flotilla/domain';

/** A user's role on one team. */
export interface TeamRole {
  teamId: number;
  role: Role;
}

/** The user behind an authenticated request. */
export interface PrincipalUser {
  id: number;
  name: string;
  email: string;
  gravatarUrl: string;
  globalRole: Role | null;
  teams: readonly TeamRole[];
  apiOnly: boolean;
  forcePasswordReset: boolean;
}

/**
 * Who made an authenticated admin API request. `user` is null for the bootstrap token (created
 * before any account exists), which acts as a global admin until setup revokes it.
 */
export interface Principal {
  sessionId: number;
  user: PrincipalUser | null;
}
