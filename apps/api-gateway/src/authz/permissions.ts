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
  'label.read',
  'label.write',
  'policy.read',
  'policy.write',
  'query.read',
  'query.write',
  'query.run',
  'query.run_saved',
  'pack.read',
  'pack.write',
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
   * Where a *team* role grants the action: `team` — on that team's resources only; `anywhere` —
   * on every resource, team or global (reading organisation settings, one's own account);
   * `global` — nowhere (only a global role grants it).
   */
  scope: 'team' | 'anywhere' | 'global';
  /** What the action covers, for docs and the generated matrix test. */
  summary: string;
}

const ALL: readonly Role[] = ['observer', 'observer_plus', 'technician', 'maintainer', 'admin', 'gitops'];
const VIEWERS: readonly Role[] = ['observer', 'observer_plus', 'technician', 'maintainer', 'admin'];
const WRITERS: readonly Role[] = ['maintainer', 'admin', 'gitops'];

/**
 * The permission matrix (Fleet's "manage access" table, as data). Team roles act like the
 * same global role limited to their team's hosts, secrets, users and settings (see `scope`).
 */
export const PERMISSIONS: Readonly<Record<Action, Permission>> = {
  self: { roles: ALL, scope: 'anywhere', summary: 'read and manage one’s own account and sessions' },
  'host.read': { roles: VIEWERS, scope: 'team', summary: 'list and view hosts, host counts and summaries' },
  'host.read_by_identifier': { roles: ALL, scope: 'team', summary: 'look up one host by identifier (GitOps needs it)' },
  'host.refetch': { roles: VIEWERS, scope: 'team', summary: 'ask a host to refresh its vitals' },
  'host.delete': { roles: ['maintainer', 'admin'], scope: 'team', summary: 'delete hosts' },
  'host.transfer': { roles: WRITERS, scope: 'team', summary: 'move hosts between teams (needs the right on both teams)' },
  'enroll_secret.read': { roles: WRITERS, scope: 'team', summary: 'read enroll secrets' },
  'enroll_secret.write': { roles: WRITERS, scope: 'team', summary: 'replace enroll secrets' },
  'team.read': { roles: ALL, scope: 'team', summary: 'list and view teams (team users: their own)' },
  'team.create': { roles: ['admin', 'gitops'], scope: 'global', summary: 'create teams' },
  'team.write': { roles: ['admin', 'gitops'], scope: 'team', summary: 'edit a team: name, settings, agent options, members' },
  'team.delete': { roles: ['admin', 'gitops'], scope: 'global', summary: 'delete teams' },
  'user.read': { roles: VIEWERS, scope: 'team', summary: 'list and view users (team users: members of their teams)' },
  'user.write': { roles: ['admin'], scope: 'team', summary: 'create, edit and delete users, their sessions and password resets' },
  'invite.write': { roles: ['admin'], scope: 'team', summary: 'invite users and manage invites' },
  'label.read': { roles: ALL, scope: 'anywhere', summary: 'list and view labels and their hosts (team users: hosts of their teams)' },
  'label.write': { roles: WRITERS, scope: 'global', summary: 'create, edit and delete labels (labels are global)' },
  'policy.read': { roles: ALL, scope: 'team', summary: 'list and view policies and their pass/fail counts (global policies: everyone)' },
  'policy.write': { roles: WRITERS, scope: 'team', summary: 'create, edit and delete policies' },
  'query.read': { roles: ALL, scope: 'team', summary: 'list and view saved queries (reports) and their specs (global queries: everyone)' },
  'query.write': { roles: WRITERS, scope: 'team', summary: 'create, edit and delete saved queries (team maintainers: only those they wrote)' },
  'query.run': { roles: ['observer_plus', 'maintainer', 'admin'], scope: 'team', summary: 'run any SQL live on hosts (new SQL, or saved queries observers may not run)' },
  'query.run_saved': { roles: VIEWERS, scope: 'team', summary: 'run saved queries marked observer_can_run live on hosts, and stream one’s own campaigns' },
  'pack.read': { roles: ['observer', 'observer_plus', 'maintainer', 'admin', 'gitops'], scope: 'global', summary: 'list and view packs, their scheduled queries and specs (packs are global)' },
  'pack.write': { roles: WRITERS, scope: 'global', summary: 'create, edit and delete packs and their scheduled queries; apply pack specs' },
  'activity.read': { roles: VIEWERS, scope: 'global', summary: 'read the activity (audit) log' },
  'config.read': { roles: ALL, scope: 'anywhere', summary: 'read organisation settings (secrets obfuscated) and the server version' },
  'config.read_secrets': { roles: ['admin', 'gitops'], scope: 'global', summary: 'read organisation settings with secrets' },
  'config.write': { roles: ['admin', 'gitops'], scope: 'global', summary: 'edit organisation settings and global agent options' },
};
