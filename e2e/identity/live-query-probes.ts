import type { Probe, ProbeRequest, ProbeWorld, TestPrincipal, Where } from './rbac-probes';

const F = '/api/latest/fleet';
const TEAM: readonly Where[] = ['A', 'B'];
const team = (where: Where): 'A' | 'B' => (where === 'B' ? 'B' : 'A');
const SQL = 'SELECT 1;';

/**
 * Live queries on a host of team A or B: new SQL needs `query.run` (observer+, maintainer, admin),
 * a saved query observers may run needs `query.run_saved` (every viewer role); both on the host's
 * team. Synchronous runs wait FLOTILLA_LIVE_QUERY_REST_PERIOD (1 s in this suite) for an answer
 * that never comes. The SSE stream is read by the campaign's creator: each principal streams a
 * campaign it started when it may start one there, otherwise the admin's (403 for anyone else).
 */
export function liveQueryProbes(): Probe[] {
  const host = (w: ProbeWorld, where: Where) => w.host(team(where));
  const onHost = (w: ProbeWorld, where: Where) => ({ hosts: [host(w, where).id] });
  const post = (path: string, body: unknown): ProbeRequest => ({ method: 'POST', path, body });
  /** A campaign of `p` on the team's host when `p` may start one there, else the admin's. */
  const campaignFor = async (w: ProbeWorld, p: TestPrincipal, where: Where): Promise<number> => {
    const body = { query_id: await w.observableQuery(), selected: onHost(w, where) };
    const own = await w.call('POST', `${F}/reports/run`, body, p.token);
    const started = own.status === 200 ? own : await w.call('POST', `${F}/reports/run`, body);
    if (started.status !== 200) throw new Error(`could not start a campaign: ${started.status} ${JSON.stringify(started.body)}`);
    return (started.body['campaign'] as { id: number }).id;
  };
  const campaigns = (name: 'queries' | 'reports'): Probe[] => {
    const q = `${F}/${name}`;
    // /queries… run new SQL; /reports… run the saved query observers may run.
    const adHoc = name === 'queries';
    const what = async (w: ProbeWorld) => (adHoc ? { query: SQL } : { query_id: await w.observableQuery() });
    const action = adHoc ? 'query.run' : 'query.run_saved';
    return [
      { route: `POST ${q}/run`, where: TEAM, action, ok: 200, request: async (w, _p, where) => post(`${q}/run`, { ...(await what(w)), selected: onHost(w, where) }) },
      {
        route: `POST ${q}/run_by_identifiers`,
        where: TEAM,
        action,
        ok: 200,
        request: async (w, _p, where) => post(`${q}/run_by_identifiers`, { ...(await what(w)), selected: { hosts: [host(w, where).identifier], labels: [] } }),
      },
      {
        route: `POST ${q}/{id}/run`,
        where: TEAM,
        action: 'query.run_saved',
        ok: 200,
        request: async (w, _p, where) => post(`${q}/${await w.observableQuery()}/run`, { host_ids: [host(w, where).id] }),
      },
    ];
  };
  return [
    ...campaigns('queries'),
    ...campaigns('reports'),
    { route: `POST ${F}/hosts/{id}/query`, where: TEAM, action: 'query.run', ok: 200, request: async (w, _p, where) => post(`${F}/hosts/${host(w, where).id}/query`, { query: SQL }) },
    {
      route: `POST ${F}/hosts/identifier/{identifier}/query`,
      where: TEAM,
      action: 'query.run',
      ok: 200,
      request: async (w, _p, where) => post(`${F}/hosts/identifier/${encodeURIComponent(host(w, where).identifier)}/query`, { query: SQL }),
    },
    { route: `POST ${F}/targets`, where: TEAM, action: 'host.read', ok: 200, request: async (w, _p, where) => post(`${F}/targets`, { query: '', selected: { teams: [w.teamId(team(where))] } }) },
    { route: `POST ${F}/targets/count`, where: TEAM, action: 'host.read', ok: 200, request: async (w, _p, where) => post(`${F}/targets/count`, { selected: { teams: [w.teamId(team(where))] } }) },
    {
      route: 'GET /api/latest/flotilla/campaigns/{id}/results',
      where: TEAM,
      action: 'query.run_saved',
      ok: 200,
      request: async (w, p, where) => ({ method: 'GET', path: `/api/latest/flotilla/campaigns/${await campaignFor(w, p, where)}/results`, stream: true }),
    },
  ];
}
