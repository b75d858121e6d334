import type { Action } from '@flotilla/app-api-gateway';
import { labelProbes } from './label-probes';
import { liveQueryProbes } from './live-query-probes';
import { packProbes } from './pack-probes';
import { policyProbes } from './policy-probes';
import { queryProbes } from './query-probes';

/** Where the resource a probe touches lives. */
export type Where = 'A' | 'B' | 'global' | 'somewhere' | 'own';

/** One test user: a global role, or one role on team A. */
export interface TestPrincipal {
  label: string;
  role: string;
  global: boolean;
  id: number;
  email: string;
  password: string;
  token: string;
}

/** What a probe may ask of the world to set itself up (as the admin). */
export interface ProbeWorld {
  teamId(where: 'A' | 'B'): number;
  /** A new host enrolled and moved to the team (fresh: probes may delete it). */
  freshHost(where: 'A' | 'B'): Promise<{ id: number; identifier: string }>;
  /** A long-lived host of the team (for read-only probes). */
  host(where: 'A' | 'B'): { id: number; identifier: string };
  /** A new user whose only role is observer on the team. */
  freshUser(where: 'A' | 'B'): Promise<{ id: number; email: string; password: string }>;
  /** A long-lived observer of the team. */
  member(where: 'A' | 'B'): { id: number };
  /** A new session of `email` (logged in by the admin-side helper); its id and token. */
  freshSession(email: string, password: string): Promise<{ id: number; token: string }>;
  freshInvite(where: 'A' | 'B'): Promise<number>;
  freshTeam(): Promise<number>;
  unique(): string;
  /** The name of team A or B (policy specs name their team). */
  teamName(where: 'A' | 'B'): string;
  /** A new policy of the team, or a global one (fresh: probes may edit or delete it). */
  freshPolicy(where: 'A' | 'B' | 'global'): Promise<number>;
  /** A new dynamic label (fresh: probes may edit or delete it). */
  freshLabel(): Promise<{ id: number; name: string }>;
  /** A long-lived label (for read-only probes). */
  label(): Promise<{ id: number; name: string }>;
  /**
   * A new saved query of the team, or a global one (fresh: probes may edit or delete it), written
   * by `author` when it may create one there (team maintainers change only their own), else by the admin.
   */
  freshQuery(where: 'A' | 'B' | 'global', author?: TestPrincipal): Promise<{ id: number; name: string }>;
  /** A long-lived global saved query observers may run (live-query probes). */
  observableQuery(): Promise<number>;
  /** A call as `token` (default: the admin), for probes that need the principal itself to set something up. */
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

export interface ProbeRequest {
  method: string;
  path: string;
  body?: unknown;
  /** Send with this token instead of the principal's (e.g. a fresh session to log out). */
  token?: string;
  /** A never-ending response (Server-Sent Events): only its status is read, then the connection is dropped. */
  stream?: boolean;
}

/**
 * One documented route exercised for a principal against a resource in `where`. `action` is what
 * the matrix must allow for the call to succeed (it differs from the route's declared action for
 * `self` routes aimed at someone else); `ok` is the status when allowed.
 */
export interface Probe {
  route: string;
  where: readonly Where[];
  action: Action;
  ok: number;
  request(world: ProbeWorld, p: TestPrincipal, where: Where): Promise<ProbeRequest>;
}

const TEAM: readonly Where[] = ['A', 'B'];
const team = (where: Where): 'A' | 'B' => (where === 'B' ? 'B' : 'A');

/** Teams routes answer at both /teams and /fleets. */
function teamProbes(prefix: 'teams' | 'fleets'): Probe[] {
  const t = `/api/latest/fleet/${prefix}`;
  return [
    { route: `GET ${t}`, where: ['somewhere'], action: 'team.read', ok: 200, request: async () => ({ method: 'GET', path: t }) },
    { route: `POST ${t}`, where: ['global'], action: 'team.create', ok: 200, request: async (w) => ({ method: 'POST', path: t, body: { name: `team-${w.unique()}` } }) },
    { route: `GET ${t}/{id}`, where: TEAM, action: 'team.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: `${t}/${w.teamId(team(where))}` }) },
    {
      route: `PATCH ${t}/{id}`,
      where: TEAM,
      action: 'team.write',
      ok: 200,
      request: async (w, _p, where) => ({ method: 'PATCH', path: `${t}/${w.teamId(team(where))}`, body: { description: `edited ${w.unique()}` } }),
    },
    { route: `DELETE ${t}/{id}`, where: ['global'], action: 'team.delete', ok: 200, request: async (w) => ({ method: 'DELETE', path: `${t}/${await w.freshTeam()}` }) },
    {
      route: `POST ${t}/{id}/agent_options`,
      where: TEAM,
      action: 'team.write',
      ok: 200,
      request: async (w, _p, where) => ({ method: 'POST', path: `${t}/${w.teamId(team(where))}/agent_options`, body: { config: { options: { distributed_interval: 10 } } } }),
    },
    { route: `GET ${t}/{id}/users`, where: TEAM, action: 'user.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: `${t}/${w.teamId(team(where))}/users` }) },
    {
      route: `PATCH ${t}/{id}/users`,
      where: TEAM,
      action: 'team.write',
      ok: 200,
      request: async (w, _p, where) => ({ method: 'PATCH', path: `${t}/${w.teamId(team(where))}/users`, body: { users: [{ id: (await w.freshUser(team(where))).id, role: 'maintainer' }] } }),
    },
    {
      route: `DELETE ${t}/{id}/users`,
      where: TEAM,
      action: 'team.write',
      ok: 200,
      request: async (w, _p, where) => ({ method: 'DELETE', path: `${t}/${w.teamId(team(where))}/users`, body: { users: [{ id: (await w.freshUser(team(where))).id }] } }),
    },
    { route: `GET ${t}/{id}/secrets`, where: TEAM, action: 'enroll_secret.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: `${t}/${w.teamId(team(where))}/secrets` }) },
    {
      route: `PATCH ${t}/{id}/secrets`,
      where: TEAM,
      action: 'enroll_secret.write',
      ok: 200,
      request: async (w, _p, where) => ({ method: 'PATCH', path: `${t}/${w.teamId(team(where))}/secrets`, body: { secrets: [{ secret: `s-${where}-${w.unique()}` }] } }),
    },
  ];
}

const F = '/api/latest/fleet';

/** Every authenticated admin route, with how to exercise it. */
export const PROBES: readonly Probe[] = [
  // Account and sessions: one's own is always allowed; someone else's needs user.write on their team.
  { route: `GET ${F}/me`, where: ['own'], action: 'self', ok: 200, request: async () => ({ method: 'GET', path: `${F}/me` }) },
  {
    route: `POST ${F}/logout`,
    where: ['own'],
    action: 'self',
    ok: 200,
    request: async (w, p) => ({ method: 'POST', path: `${F}/logout`, token: (await w.freshSession(p.email, p.password)).token }),
  },
  {
    route: `GET ${F}/sessions/{id}`,
    where: ['own', 'A', 'B'],
    action: 'user.write',
    ok: 200,
    request: async (w, p, where) => {
      const target = where === 'own' ? p : await w.freshUser(team(where));
      return { method: 'GET', path: `${F}/sessions/${(await w.freshSession(target.email, target.password)).id}` };
    },
  },
  {
    route: `DELETE ${F}/sessions/{id}`,
    where: ['own', 'A', 'B'],
    action: 'user.write',
    ok: 200,
    request: async (w, p, where) => {
      const target = where === 'own' ? p : await w.freshUser(team(where));
      return { method: 'DELETE', path: `${F}/sessions/${(await w.freshSession(target.email, target.password)).id}` };
    },
  },
  // A wrong old password proves the route was reached (422) without changing anything.
  { route: `POST ${F}/change_password`, where: ['own'], action: 'self', ok: 422, request: async () => ({ method: 'POST', path: `${F}/change_password`, body: { old_password: 'not-my-password-1!', new_password: 'whatever-pass-2!' } }) },
  { route: `POST ${F}/perform_required_password_reset`, where: ['own'], action: 'self', ok: 422, request: async () => ({ method: 'POST', path: `${F}/perform_required_password_reset`, body: { new_password: 'whatever-pass-2!' } }) },
  // Users.
  { route: `GET ${F}/users`, where: ['somewhere'], action: 'user.read', ok: 200, request: async () => ({ method: 'GET', path: `${F}/users` }) },
  {
    route: `POST ${F}/users/admin`,
    where: ['A', 'B', 'global'],
    action: 'user.write',
    ok: 200,
    request: async (w, _p, where) => {
      const n = w.unique();
      const roles = where === 'global' ? { global_role: 'observer' } : { teams: [{ id: w.teamId(team(where)), role: 'observer' }] };
      return { method: 'POST', path: `${F}/users/admin`, body: { name: `u${n}`, email: `u${n}@example.com`, password: 'created-pass-1!', ...roles } };
    },
  },
  { route: `GET ${F}/users/{id}`, where: TEAM, action: 'user.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: `${F}/users/${w.member(team(where)).id}` }) },
  {
    route: `PATCH ${F}/users/{id}`,
    where: ['own', 'A', 'B'],
    action: 'user.write',
    ok: 200,
    request: async (w, p, where) => ({ method: 'PATCH', path: `${F}/users/${where === 'own' ? p.id : w.member(team(where)).id}`, body: { position: `pos ${w.unique()}` } }),
  },
  { route: `DELETE ${F}/users/{id}`, where: TEAM, action: 'user.write', ok: 200, request: async (w, _p, where) => ({ method: 'DELETE', path: `${F}/users/${(await w.freshUser(team(where))).id}` }) },
  {
    route: `POST ${F}/users/{id}/require_password_reset`,
    where: TEAM,
    action: 'user.write',
    ok: 200,
    request: async (w, _p, where) => ({ method: 'POST', path: `${F}/users/${(await w.freshUser(team(where))).id}/require_password_reset`, body: { require: true } }),
  },
  {
    route: `GET ${F}/users/{id}/sessions`,
    where: ['own', 'A', 'B'],
    action: 'user.write',
    ok: 200,
    request: async (w, p, where) => ({ method: 'GET', path: `${F}/users/${where === 'own' ? p.id : w.member(team(where)).id}/sessions` }),
  },
  {
    route: `DELETE ${F}/users/{id}/sessions`,
    where: ['A', 'B'],
    action: 'user.write',
    ok: 200,
    request: async (w, _p, where) => ({ method: 'DELETE', path: `${F}/users/${(await w.freshUser(team(where))).id}/sessions` }),
  },
  // Invites.
  {
    route: `POST ${F}/invites`,
    where: ['A', 'B', 'global'],
    action: 'invite.write',
    ok: 200,
    request: async (w, _p, where) => {
      const roles = where === 'global' ? { global_role: 'observer' } : { teams: [{ id: w.teamId(team(where)), role: 'observer' }] };
      return { method: 'POST', path: `${F}/invites`, body: { email: `i${w.unique()}@example.com`, ...roles } };
    },
  },
  { route: `GET ${F}/invites`, where: ['somewhere'], action: 'invite.write', ok: 200, request: async () => ({ method: 'GET', path: `${F}/invites` }) },
  { route: `PATCH ${F}/invites/{id}`, where: TEAM, action: 'invite.write', ok: 200, request: async (w, _p, where) => ({ method: 'PATCH', path: `${F}/invites/${await w.freshInvite(team(where))}`, body: { name: 'Renamed' } }) },
  { route: `DELETE ${F}/invites/{id}`, where: TEAM, action: 'invite.write', ok: 200, request: async (w, _p, where) => ({ method: 'DELETE', path: `${F}/invites/${await w.freshInvite(team(where))}` }) },
  // Organisation.
  { route: `GET ${F}/config`, where: ['global'], action: 'config.read', ok: 200, request: async () => ({ method: 'GET', path: `${F}/config` }) },
  { route: `PATCH ${F}/config`, where: ['global'], action: 'config.write', ok: 200, request: async (w) => ({ method: 'PATCH', path: `${F}/config`, body: { org_info: { org_name: `Acme ${w.unique()}` } } }) },
  { route: `GET ${F}/version`, where: ['global'], action: 'config.read', ok: 200, request: async () => ({ method: 'GET', path: `${F}/version` }) },
  { route: `GET ${F}/activities`, where: ['global'], action: 'activity.read', ok: 200, request: async () => ({ method: 'GET', path: `${F}/activities` }) },
  { route: `GET ${F}/spec/enroll_secret`, where: ['global'], action: 'enroll_secret.read', ok: 200, request: async () => ({ method: 'GET', path: `${F}/spec/enroll_secret` }) },
  {
    route: `POST ${F}/spec/enroll_secret`,
    where: ['global'],
    action: 'enroll_secret.write',
    ok: 200,
    request: async () => ({ method: 'POST', path: `${F}/spec/enroll_secret?dry_run=true`, body: { spec: { secrets: [{ secret: 'dry-run-secret-0123456789' }] } } }),
  },
  // Hosts.
  { route: `GET ${F}/hosts`, where: ['somewhere'], action: 'host.read', ok: 200, request: async () => ({ method: 'GET', path: `${F}/hosts` }) },
  { route: `GET ${F}/hosts/count`, where: ['somewhere'], action: 'host.read', ok: 200, request: async () => ({ method: 'GET', path: `${F}/hosts/count` }) },
  { route: `GET ${F}/host_summary`, where: ['somewhere'], action: 'host.read', ok: 200, request: async () => ({ method: 'GET', path: `${F}/host_summary` }) },
  { route: `GET ${F}/hosts/{id}`, where: TEAM, action: 'host.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: `${F}/hosts/${w.host(team(where)).id}` }) },
  {
    route: `GET ${F}/hosts/identifier/{identifier}`,
    where: TEAM,
    action: 'host.read_by_identifier',
    ok: 200,
    request: async (w, _p, where) => ({ method: 'GET', path: `${F}/hosts/identifier/${w.host(team(where)).identifier}` }),
  },
  { route: `POST ${F}/hosts/{id}/refetch`, where: TEAM, action: 'host.refetch', ok: 200, request: async (w, _p, where) => ({ method: 'POST', path: `${F}/hosts/${w.host(team(where)).id}/refetch` }) },
  { route: `DELETE ${F}/hosts/{id}`, where: TEAM, action: 'host.delete', ok: 200, request: async (w, _p, where) => ({ method: 'DELETE', path: `${F}/hosts/${(await w.freshHost(team(where))).id}` }) },
  { route: `POST ${F}/hosts/delete`, where: TEAM, action: 'host.delete', ok: 200, request: async (w, _p, where) => ({ method: 'POST', path: `${F}/hosts/delete`, body: { ids: [(await w.freshHost(team(where))).id] } }) },
  {
    route: `POST ${F}/hosts/transfer`,
    where: TEAM,
    action: 'host.transfer',
    ok: 200,
    request: async (w, _p, where) => ({ method: 'POST', path: `${F}/hosts/transfer`, body: { team_id: w.teamId(team(where)), hosts: [(await w.freshHost(team(where))).id] } }),
  },
  {
    route: `POST ${F}/hosts/transfer/filter`,
    where: TEAM,
    action: 'host.transfer',
    ok: 200,
    request: async (w, _p, where) => ({ method: 'POST', path: `${F}/hosts/transfer/filter`, body: { team_id: w.teamId(team(where)), filters: { team_id: w.teamId(team(where)) } } }),
  },
  ...teamProbes('teams'),
  ...teamProbes('fleets'),
  ...policyProbes(),
  ...labelProbes(),
  ...queryProbes(),
  ...liveQueryProbes(),
  ...packProbes(),
];

/** Routes that need no token (their own protection: setup state, invite or reset tokens, rate limits). */
export const PUBLIC_ROUTES: readonly string[] = [
  'POST /api/v1/setup',
  'POST /api/setup',
  `POST ${F}/login`,
  `POST ${F}/forgot_password`,
  `POST ${F}/reset_password`,
  `POST ${F}/users`,
  `GET ${F}/invites/{token}`,
  'GET /api/latest/flotilla/services',
];
