import type { Probe, ProbeWorld, Where } from './rbac-probes';

const F = '/api/latest/fleet';
const P = `${F}/packs`;
const S = `${F}/spec/packs`;
const GLOBAL: readonly Where[] = ['global'];

interface Made {
  id: number;
  name: string;
}

/** Calls as the admin and expects 200. */
async function made<T>(w: ProbeWorld, method: string, path: string, body: unknown, key: string): Promise<T> {
  const reply = await w.call(method, path, body);
  if (reply.status !== 200) throw new Error(`${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body[key] as T;
}

/** Legacy packs are global: global observers (and up) read them; global maintainers, admins and GitOps write them; team users neither. */
export function packProbes(): Probe[] {
  const freshPack = (w: ProbeWorld): Promise<Made> => made<Made>(w, 'POST', P, { name: `pack-${w.unique()}` }, 'pack');
  const freshScheduled = async (w: ProbeWorld): Promise<number> => {
    const [pack, query] = await Promise.all([freshPack(w), w.freshQuery('global')]);
    return (await made<Made>(w, 'POST', `${P}/schedule`, { pack_id: pack.id, query_id: query.id, interval: 3600 }, 'scheduled')).id;
  };
  // Read probes share one pack with one scheduled query (created on first use).
  let readable: Promise<{ pack: Made; scheduledId: number }> | undefined;
  const shared = (w: ProbeWorld) =>
    (readable ??= (async () => {
      const pack = await freshPack(w);
      const query = await w.freshQuery('global');
      const scheduled = await made<Made>(w, 'POST', `${P}/schedule`, { pack_id: pack.id, query_id: query.id, interval: 60 }, 'scheduled');
      return { pack, scheduledId: scheduled.id };
    })());
  return [
    { route: `GET ${P}`, where: GLOBAL, action: 'pack.read', ok: 200, request: async () => ({ method: 'GET', path: P }) },
    { route: `POST ${P}`, where: GLOBAL, action: 'pack.write', ok: 200, request: async (w) => ({ method: 'POST', path: P, body: { name: `pack-${w.unique()}` } }) },
    { route: `GET ${P}/{id}`, where: GLOBAL, action: 'pack.read', ok: 200, request: async (w) => ({ method: 'GET', path: `${P}/${(await shared(w)).pack.id}` }) },
    { route: `PATCH ${P}/{id}`, where: GLOBAL, action: 'pack.write', ok: 200, request: async (w) => ({ method: 'PATCH', path: `${P}/${(await freshPack(w)).id}`, body: { description: `edited ${w.unique()}` } }) },
    { route: `DELETE ${P}/{name}`, where: GLOBAL, action: 'pack.write', ok: 200, request: async (w) => ({ method: 'DELETE', path: `${P}/${encodeURIComponent((await freshPack(w)).name)}` }) },
    { route: `DELETE ${P}/id/{id}`, where: GLOBAL, action: 'pack.write', ok: 200, request: async (w) => ({ method: 'DELETE', path: `${P}/id/${(await freshPack(w)).id}` }) },
    { route: `GET ${P}/{id}/scheduled`, where: GLOBAL, action: 'pack.read', ok: 200, request: async (w) => ({ method: 'GET', path: `${P}/${(await shared(w)).pack.id}/scheduled` }) },
    {
      route: `POST ${P}/schedule`,
      where: GLOBAL,
      action: 'pack.write',
      ok: 200,
      request: async (w) => {
        const [pack, query] = await Promise.all([freshPack(w), w.freshQuery('global')]);
        return { method: 'POST', path: `${P}/schedule`, body: { pack_id: pack.id, query_id: query.id, interval: 60 } };
      },
    },
    { route: `PATCH ${P}/schedule/{id}`, where: GLOBAL, action: 'pack.write', ok: 200, request: async (w) => ({ method: 'PATCH', path: `${P}/schedule/${await freshScheduled(w)}`, body: { interval: 120 } }) },
    { route: `DELETE ${P}/schedule/{id}`, where: GLOBAL, action: 'pack.write', ok: 200, request: async (w) => ({ method: 'DELETE', path: `${P}/schedule/${await freshScheduled(w)}` }) },
    { route: `GET ${F}/schedule/{id}`, where: GLOBAL, action: 'pack.read', ok: 200, request: async (w) => ({ method: 'GET', path: `${F}/schedule/${(await shared(w)).scheduledId}` }) },
    { route: `POST ${S}`, where: GLOBAL, action: 'pack.write', ok: 200, request: async (w) => ({ method: 'POST', path: S, body: { specs: [{ name: `spec-pack-${w.unique()}` }] } }) },
    { route: `GET ${S}`, where: GLOBAL, action: 'pack.read', ok: 200, request: async () => ({ method: 'GET', path: S }) },
    { route: `GET ${S}/{name}`, where: GLOBAL, action: 'pack.read', ok: 200, request: async (w) => ({ method: 'GET', path: `${S}/${encodeURIComponent((await shared(w)).pack.name)}` }) },
  ];
}
