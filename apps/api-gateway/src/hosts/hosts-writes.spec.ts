import { HOST_REFETCH, HOSTS_DELETE } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { HostEntity } from '@flotilla/platform-db';
import { FlotillaError } from '@flotilla/platform-errors';
import { In } from 'typeorm';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';

const V1 = '/api/v1/fleet';

describe('hosts API (writes go to osquery-ingest over the bus)', () => {
  let gw: ApiGatewayHarness;
  let token: string;
  let subs: BusSubscription[] = [];
  const deleteRequests: number[][] = [];
  const refetchRequests: number[] = [];

  /** Stands in for osquery-ingest, the owner of `hosts`: deletes rows / flags refetch like it does. */
  const stubOsqueryIngest = async () => {
    subs = [
      await gw.bus.handle(HOSTS_DELETE, async ({ hostIds }) => {
        deleteRequests.push(hostIds);
        const found = await gw.db.manager.findBy(HostEntity, { id: In(hostIds) });
        if (found.length > 0) await gw.db.manager.delete(HostEntity, found.map((h) => h.id));
        return { deleted: found.length };
      }),
      await gw.bus.handle(HOST_REFETCH, async ({ hostId }) => {
        refetchRequests.push(hostId);
        const result = await gw.db.manager.update(HostEntity, { id: hostId }, { refetchRequested: true });
        return { found: (result.affected ?? 0) > 0 };
      }),
    ];
  };
  const unstub = async () => {
    await Promise.all(subs.map((s) => s.unsubscribe()));
    subs = [];
  };
  const send = (method: string, path: string, body?: unknown) => gw.fetch(path, { method, token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const hostnames = async () => (await gw.db.manager.find(HostEntity, { order: { id: 'ASC' } })).map((h) => h.hostname);

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    token = gw.bootstrapTokenFromFile();
  });

  beforeEach(async () => {
    await gw.clearHosts();
    deleteRequests.length = 0;
    refetchRequests.length = 0;
    const now = Date.now();
    await gw.seedHost({ osqueryHostId: 'a', hostname: 'alpha', platform: 'darwin', seenTime: new Date(now), distributedInterval: 10, configTlsRefresh: 10 });
    await gw.seedHost({ osqueryHostId: 'b', hostname: 'bravo', platform: 'ubuntu', teamId: 1, seenTime: new Date(now - 3_600_000) });
    await gw.seedHost({ osqueryHostId: 'c', hostname: 'charlie', platform: 'ubuntu', teamId: 1, seenTime: new Date(now) , distributedInterval: 10, configTlsRefresh: 10 });
    await stubOsqueryIngest();
  });

  afterEach(unstub);

  afterAll(async () => {
    await gw?.close();
  });

  const idOf = async (hostname: string) => (await gw.db.manager.findOneByOrFail(HostEntity, { hostname })).id;

  it('DELETE /hosts/:id deletes through HOSTS_DELETE and answers {}', async () => {
    const id = await idOf('bravo');
    const res = await send('DELETE', `${V1}/hosts/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(deleteRequests).toEqual([[id]]);
    expect(await hostnames()).toEqual(['alpha', 'charlie']);
    const again = await gw.fetch(`/api/latest/fleet/hosts/${id}`, { method: 'DELETE', token, headers: { 'content-type': 'application/json' } });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ message: 'Resource Not Found', errors: [{ name: 'base', reason: `host ${id} was not found in the datastore` }] });
  });

  it('POST /hosts/:id/refetch asks osquery-ingest; 404 for unknown hosts', async () => {
    const id = await idOf('alpha');
    const res = await send('POST', `${V1}/hosts/${id}/refetch`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(refetchRequests).toEqual([id]);
    // Clients send the JSON content type on these bodiless requests too.
    const typed = await gw.fetch(`${V1}/hosts/${id}/refetch`, { method: 'POST', token, headers: { 'content-type': 'application/json' } });
    expect(typed.status).toBe(200);
    const host = await gw.fetch(`${V1}/hosts/${id}`, { token });
    expect(((await host.json()) as { host: { refetch_requested: boolean } }).host.refetch_requested).toBe(true);
    expect((await send('POST', `${V1}/hosts/99999/refetch`)).status).toBe(404);
    expect((await send('POST', `${V1}/hosts/x/refetch`)).status).toBe(400);
  });

  it('POST /hosts/delete {ids} deletes the listed hosts (unknown ids ignored)', async () => {
    const ids = [await idOf('alpha'), await idOf('charlie'), 424242];
    const res = await send('POST', `${V1}/hosts/delete`, { ids });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(deleteRequests).toEqual([ids]);
    expect(await hostnames()).toEqual(['bravo']);
  });

  it.each([
    [{ team_id: 1 }, ['alpha']],
    [{ team_id: 1, status: 'online' }, ['alpha', 'bravo']],
    [{ query: 'alp' }, ['bravo', 'charlie']],
    [{ status: 'offline' }, ['alpha', 'charlie']],
    [{ team_id: 0 }, ['bravo', 'charlie']],
    [{ label_id: 5 }, ['alpha', 'bravo', 'charlie']],
    [{}, []],
  ])('POST /hosts/delete {filters: %j} resolves ids by reading, then deletes them', async (filters, left) => {
    const res = await send('POST', `${V1}/hosts/delete`, { filters });
    expect(res.status).toBe(200);
    expect(await hostnames()).toEqual(left);
  });

  it.each([
    ['both ids and filters', { ids: [1], filters: { team_id: 1 } }, 'base'],
    ['neither', {}, 'base'],
    ['ids that are not ids', { ids: ['x'] }, 'ids.0'],
    ['an unknown status', { filters: { status: 'asleep' } }, 'filters.status'],
  ])('POST /hosts/delete with %s → 400', async (_what, body, name) => {
    const res = await send('POST', `${V1}/hosts/delete`, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { message: string; errors: Array<{ name: string }> };
    expect(json.errors.map((e) => e.name)).toContain(name);
    expect(deleteRequests).toEqual([]);
    expect(await hostnames()).toEqual(['alpha', 'bravo', 'charlie']);
  });

  it('reports osquery-ingest being down as 503, and passes its own refusals through', async () => {
    await unstub();
    const id = await idOf('alpha');
    const down = await send('DELETE', `${V1}/hosts/${id}`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ message: 'Service Unavailable', errors: [{ name: 'base', reason: 'osquery-ingest is unavailable; retry later' }] });
    subs = [
      await gw.bus.handle(HOST_REFETCH, () => {
        throw new FlotillaError('host_locked', 'Conflict', 409, [{ name: 'host', reason: 'host is being deleted' }]);
      }),
    ];
    const refused = await send('POST', `${V1}/hosts/${id}/refetch`);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ message: 'Conflict', errors: [{ name: 'host', reason: 'host is being deleted' }] });
    expect(await hostnames()).toEqual(['alpha', 'bravo', 'charlie']);
  });
});
