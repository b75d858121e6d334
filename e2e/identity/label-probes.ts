import type { Probe, ProbeWorld } from './rbac-probes';

const F = '/api/latest/fleet';
const L = `${F}/labels`;
const S = `${F}/spec/labels`;

/** Labels are global: everyone reads them (anywhere), only global maintainers, admins and GitOps write them. */
export function labelProbes(): Probe[] {
  const dynamic = (w: ProbeWorld) => ({ name: `label-${w.unique()}`, query: 'SELECT 1 FROM osquery_info;' });
  return [
    { route: `GET ${L}`, where: ['global'], action: 'label.read', ok: 200, request: async () => ({ method: 'GET', path: L }) },
    { route: `POST ${L}`, where: ['global'], action: 'label.write', ok: 200, request: async (w) => ({ method: 'POST', path: L, body: dynamic(w) }) },
    { route: `GET ${L}/summary`, where: ['global'], action: 'label.read', ok: 200, request: async () => ({ method: 'GET', path: `${L}/summary` }) },
    { route: `GET ${L}/{id}`, where: ['global'], action: 'label.read', ok: 200, request: async (w) => ({ method: 'GET', path: `${L}/${(await w.label()).id}` }) },
    { route: `GET ${L}/{id}/hosts`, where: ['global'], action: 'label.read', ok: 200, request: async (w) => ({ method: 'GET', path: `${L}/${(await w.label()).id}/hosts` }) },
    {
      route: `PATCH ${L}/{id}`,
      where: ['global'],
      action: 'label.write',
      ok: 200,
      request: async (w) => ({ method: 'PATCH', path: `${L}/${(await w.freshLabel()).id}`, body: { description: `edited ${w.unique()}` } }),
    },
    { route: `DELETE ${L}/{name}`, where: ['global'], action: 'label.write', ok: 200, request: async (w) => ({ method: 'DELETE', path: `${L}/${encodeURIComponent((await w.freshLabel()).name)}` }) },
    { route: `DELETE ${L}/id/{id}`, where: ['global'], action: 'label.write', ok: 200, request: async (w) => ({ method: 'DELETE', path: `${L}/id/${(await w.freshLabel()).id}` }) },
    { route: `POST ${S}`, where: ['global'], action: 'label.write', ok: 200, request: async (w) => ({ method: 'POST', path: S, body: { specs: [dynamic(w)] } }) },
    { route: `GET ${S}`, where: ['global'], action: 'label.read', ok: 200, request: async () => ({ method: 'GET', path: S }) },
    { route: `GET ${S}/{name}`, where: ['global'], action: 'label.read', ok: 200, request: async (w) => ({ method: 'GET', path: `${S}/${encodeURIComponent((await w.label()).name)}` }) },
  ];
}
