import type { Probe, ProbeWorld, Where } from './rbac-probes';

const F = '/api/latest/fleet';
const TEAM: readonly Where[] = ['A', 'B'];
const team = (where: Where): 'A' | 'B' => (where === 'B' ? 'B' : 'A');

/** Policies: global ones need a global role; team ones (under /teams and /fleets) the role on their team. */
export function policyProbes(): Probe[] {
  const g = `${F}/policies`;
  const body = (w: ProbeWorld) => ({ name: `policy-${w.unique()}`, query: 'SELECT 1;' });
  const teamPolicies = (prefix: 'teams' | 'fleets'): Probe[] => {
    const t = `${F}/${prefix}/{id}/policies`;
    const at = (w: ProbeWorld, where: Where, sub = '') => `${F}/${prefix}/${w.teamId(team(where))}/policies${sub}`;
    return [
      { route: `GET ${t}`, where: TEAM, action: 'policy.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: `${at(w, where)}?merge_inherited=true` }) },
      { route: `POST ${t}`, where: TEAM, action: 'policy.write', ok: 200, request: async (w, _p, where) => ({ method: 'POST', path: at(w, where), body: body(w) }) },
      { route: `GET ${t}/count`, where: TEAM, action: 'policy.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: at(w, where, '/count') }) },
      { route: `GET ${t}/{policy_id}`, where: TEAM, action: 'policy.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: at(w, where, `/${await w.freshPolicy(team(where))}`) }) },
      {
        route: `PATCH ${t}/{policy_id}`,
        where: TEAM,
        action: 'policy.write',
        ok: 200,
        request: async (w, _p, where) => ({ method: 'PATCH', path: at(w, where, `/${await w.freshPolicy(team(where))}`), body: { critical: true } }),
      },
      {
        route: `POST ${t}/delete`,
        where: TEAM,
        action: 'policy.write',
        ok: 200,
        request: async (w, _p, where) => ({ method: 'POST', path: at(w, where, '/delete'), body: { ids: [await w.freshPolicy(team(where))] } }),
      },
    ];
  };
  return [
    { route: `GET ${g}`, where: ['global'], action: 'policy.read', ok: 200, request: async () => ({ method: 'GET', path: g }) },
    { route: `POST ${g}`, where: ['global'], action: 'policy.write', ok: 200, request: async (w) => ({ method: 'POST', path: g, body: body(w) }) },
    { route: `GET ${g}/count`, where: ['global'], action: 'policy.read', ok: 200, request: async () => ({ method: 'GET', path: `${g}/count` }) },
    { route: `GET ${g}/{policy_id}`, where: ['global'], action: 'policy.read', ok: 200, request: async (w) => ({ method: 'GET', path: `${g}/${await w.freshPolicy('global')}` }) },
    { route: `PATCH ${g}/{policy_id}`, where: ['global'], action: 'policy.write', ok: 200, request: async (w) => ({ method: 'PATCH', path: `${g}/${await w.freshPolicy('global')}`, body: { critical: true } }) },
    { route: `POST ${g}/delete`, where: ['global'], action: 'policy.write', ok: 200, request: async (w) => ({ method: 'POST', path: `${g}/delete`, body: { ids: [await w.freshPolicy('global')] } }) },
    {
      route: `POST ${F}/spec/policies`,
      where: ['A', 'B', 'global'],
      action: 'policy.write',
      ok: 200,
      request: async (w, _p, where) => ({ method: 'POST', path: `${F}/spec/policies`, body: { specs: [{ ...body(w), team: where === 'global' ? '' : w.teamName(team(where)) }] } }),
    },
    ...teamPolicies('teams'),
    ...teamPolicies('fleets'),
  ];
}
