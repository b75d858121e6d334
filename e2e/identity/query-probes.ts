import type { Probe, ProbeWorld, TestPrincipal, Where } from './rbac-probes';

const F = '/api/latest/fleet';
const SCOPES: readonly Where[] = ['global', 'A', 'B'];
/** Reads: a global query is readable by every user ('somewhere'), a team's by its team. */
const READ_SCOPES: readonly Where[] = ['somewhere', 'A', 'B'];
const team = (where: Where): 'A' | 'B' | 'global' => (where === 'A' || where === 'B' ? where : 'global');

/**
 * Saved queries, at `/queries…` and 4.86's `/reports…`: global ones are read by everyone and
 * written by global roles; team ones need the role on their team. Write probes act on a query the
 * principal wrote when it may create one there (team maintainers change only their own). A host's
 * report rows need the right to read the host.
 */
export function queryProbes(): Probe[] {
  const teamId = (w: ProbeWorld, where: Where): number | null => {
    const t = team(where);
    return t === 'global' ? null : w.teamId(t);
  };
  const teamParam = (w: ProbeWorld, where: Where) => (teamId(w, where) === null ? '' : `?team_id=${teamId(w, where)}`);
  const body = (w: ProbeWorld, where: Where) => ({ name: `query-${w.unique()}`, query: 'SELECT 1;', ...(teamId(w, where) === null ? {} : { team_id: teamId(w, where) }) });
  const specTeam = (w: ProbeWorld, where: Where) => {
    const t = team(where);
    return t === 'global' ? '' : w.teamName(t);
  };
  const fresh = (w: ProbeWorld, where: Where, p?: TestPrincipal) => w.freshQuery(team(where), p);
  const family = (name: 'queries' | 'reports'): Probe[] => {
    const q = `${F}/${name}`;
    const s = `${F}/spec/${name}`;
    return [
      { route: `GET ${q}`, where: READ_SCOPES, action: 'query.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: `${q}${teamParam(w, where)}` }) },
      { route: `POST ${q}`, where: SCOPES, action: 'query.write', ok: 200, request: async (w, _p, where) => ({ method: 'POST', path: q, body: body(w, where) }) },
      { route: `GET ${q}/{id}`, where: READ_SCOPES, action: 'query.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: `${q}/${(await fresh(w, where)).id}` }) },
      // The report: readers of the query get the rows of the hosts they may see (none for roles that read no hosts).
      { route: `GET ${q}/{id}/report`, where: READ_SCOPES, action: 'query.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: `${q}/${(await fresh(w, where)).id}/report` }) },
      {
        route: `PATCH ${q}/{id}`,
        where: SCOPES,
        action: 'query.write',
        ok: 200,
        request: async (w, p, where) => ({ method: 'PATCH', path: `${q}/${(await fresh(w, where, p)).id}`, body: { description: `edited ${w.unique()}` } }),
      },
      {
        route: `DELETE ${q}/{name}`,
        where: SCOPES,
        action: 'query.write',
        ok: 200,
        request: async (w, p, where) => ({ method: 'DELETE', path: `${q}/${encodeURIComponent((await fresh(w, where, p)).name)}${teamParam(w, where)}` }),
      },
      { route: `DELETE ${q}/id/{id}`, where: SCOPES, action: 'query.write', ok: 200, request: async (w, p, where) => ({ method: 'DELETE', path: `${q}/id/${(await fresh(w, where, p)).id}` }) },
      { route: `POST ${q}/delete`, where: SCOPES, action: 'query.write', ok: 200, request: async (w, p, where) => ({ method: 'POST', path: `${q}/delete`, body: { ids: [(await fresh(w, where, p)).id] } }) },
      {
        route: `POST ${s}`,
        where: SCOPES,
        action: 'query.write',
        ok: 200,
        request: async (w, _p, where) => ({ method: 'POST', path: s, body: { specs: [{ name: `query-${w.unique()}`, query: 'SELECT 1;', team: specTeam(w, where) }] } }),
      },
      { route: `GET ${s}`, where: READ_SCOPES, action: 'query.read', ok: 200, request: async (w, _p, where) => ({ method: 'GET', path: `${s}${teamParam(w, where)}` }) },
      {
        route: `GET ${s}/{name}`,
        where: READ_SCOPES,
        action: 'query.read',
        ok: 200,
        request: async (w, _p, where) => ({ method: 'GET', path: `${s}/${encodeURIComponent((await fresh(w, where)).name)}${teamParam(w, where)}` }),
      },
    ];
  };
  // A host's stored rows of a (global) query: the host's team decides.
  const hostReport = (name: 'queries' | 'reports', param: string): Probe => ({
    route: `GET ${F}/hosts/{id}/${name}/{${param}}`,
    where: ['A', 'B'],
    action: 'host.read',
    ok: 200,
    request: async (w, _p, where) => ({ method: 'GET', path: `${F}/hosts/${w.host(where === 'B' ? 'B' : 'A').id}/${name}/${await w.observableQuery()}` }),
  });
  return [...family('queries'), ...family('reports'), hostReport('queries', 'query_id'), hostReport('reports', 'report_id')];
}
