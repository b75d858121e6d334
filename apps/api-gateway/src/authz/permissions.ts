import type { Role } from '@flotilla/domain';

/**
 * Everything the admin API lets a user do, one entry per kind of act. Each route names exactly
 * one action (`@Authorize`); services check the same action against the team of the resource
 * they touch. Add actions here, never role checks in handlers.
 */
export const ACTIONS = [
  'self',
  'host.read',
  'host.read_by_identifier',
  'host.refetch',
  'host.delete',
  'host.transfer',
  'enroll_secret.read',
  'enroll_secret.write',
  'team.read',
  'team.create',
  'team.write',
  'team.delete',
  'user.read',
  'user.write',
  'invite.write',
  'activity.read',
  'config.read',
  'config.read_secrets',
  'config.write',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Permission {
  /** Roles that may perform the action. */
  roles: readonly Role[];
  /**
   * Whether a *team* role grants the action on that team's resources. When false only a
   * global role does (users with team roles only are refused even inside their teams).
   */
  teamScoped: boolean;
  /** What the action covers, for docs and the generated matrix test. */
  summary: string;
}

const ALL: readonly Role[] = ['observer', 'observer_plus', 'technician', 'maintainer', 'admin', 'gitops'];
const VIEWERS: readonly Role[] = ['observer', 'observer_plus', 'technician', 'maintainer', 'admin'];
const WRITERS: readonly Role[] = ['maintainer', 'admin', 'gitops'];

/**
 * The permission matrix (Fleet's "manage access" table, as data). Team roles act like the
 * same global role limited to their team's hosts, secrets, users and settings.
 */
export const PERMISSIONS: Readonly<Record<Action, Permission>> = {
  self: { roles: ALL, teamScoped: true, summary: 'read and manage one’s own account and sessions' },
  'host.read': { roles: VIEWERS, teamScoped: true, summary: 'list and view hosts, host counts and summaries' },
  'host.read_by_identifier': { roles: ALL, teamScoped: true, summary: 'look up one host by identifier (GitOps needs it)' },
  'host.refetch': { roles: VIEWERS, teamScoped: true, summary: 'ask a host to refresh its vitals' },
  'host.delete': { roles: ['maintainer', 'admin'], teamScoped: true, summary: 'delete hosts' },
  'host.transfer': { roles: WRITERS, teamScoped: true, summary: 'move hosts between teams (needs the right on both teams)' },
  'enroll_secret.read': { roles: WRITERS, teamScoped: true, summary: 'read enroll secrets' },
  'enroll_secret.write': { roles: WRITERS, teamScoped: true, summary: 'replace enroll secrets' },
  'team.read': { roles: ALL, teamScoped: true, summary: 'list and view teams (team users: their own)' },
  'team.create': { roles: ['admin', 'gitops'], teamScoped: false, summary: 'create teams' },
  'team.write': { roles: ['admin', 'gitops'], teamScoped: true, summary: 'edit a team: name, settings, agent options, members' },
  'team.delete': { roles: ['admin', 'gitops'], teamScoped: false, summary: 'delete teams' },
  'user.read': { roles: VIEWERS, teamScoped: true, summary: 'list and view users (team users: members of their teams)' },
  'user.write': { roles: ['admin'], teamScoped: true, summary: 'create, edit and delete users, their sessions and password resets' },
  'invite.write': { roles: ['admin'], teamScoped: true, summary: 'invite users and manage invites' },
  'activity.read': { roles: VIEWERS, teamScoped: false, summary: 'read the activity (audit) log' },
  'config.read': { roles: ALL, teamScoped: true, summary: 'read organisation settings (secrets obfuscated)' },
  'config.read_secrets': { roles: ['admin', 'gitops'], teamScoped: false, summary: 'read organisation settings with secrets' },
  'config.write': { roles: ['admin', 'gitops'], teamScoped: false, summary: 'edit organisation settings and global agent options' },
};
