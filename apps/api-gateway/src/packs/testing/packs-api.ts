import { PACKS_CHANGED, type PayloadOf } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { LabelEntity, LabelMembershipEntity, PackEntity, PackTargetEntity, QueryEntity, ScheduledQueryEntity, TeamEntity } from '@flotilla/platform-db';
import type { ApiGatewayHarness } from '../../testing/api-gateway.harness';
import type { Reply } from '../../policies/testing/policies-api';
import type { FleetPack, FleetScheduledQuery } from '../pack-view.mapper';

export { insertLabel, insertTeam, LATEST, names, V1, type Reply } from '../../policies/testing/policies-api';

/** The packs API over HTTP, as a spec drives it. */
export class PacksApi {
  constructor(
    private readonly gw: ApiGatewayHarness,
    readonly token: string,
  ) {}

  as(token: string): PacksApi {
    return new PacksApi(this.gw, token);
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const res = await this.gw.fetch(path, { method, token: this.token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Reply<T>['body'] };
  }

  /** Calls and expects 200. */
  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call<T>(method, path, body);
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async createPack(body: Record<string, unknown>): Promise<FleetPack> {
    return (await this.ok<{ pack: FleetPack }>('POST', '/api/latest/fleet/packs', body)).pack;
  }

  /** A global saved query (`SELECT 1;` unless given). */
  async createQuery(body: Record<string, unknown>): Promise<{ id: number; name: string }> {
    return (await this.ok<{ query: { id: number; name: string } }>('POST', '/api/latest/fleet/queries', { query: 'SELECT 1;', ...body })).query;
  }

  async schedule(body: Record<string, unknown>): Promise<FleetScheduledQuery> {
    return (await this.ok<{ scheduled: FleetScheduledQuery }>('POST', '/api/latest/fleet/packs/schedule', { interval: 60, ...body })).scheduled;
  }

  /** Details of the activities of `type`, oldest first. */
  async activities(type: string): Promise<Array<Record<string, unknown>>> {
    const res = await this.call<{ activities: Array<{ details: Record<string, unknown> }> }>('GET', `/api/v1/fleet/activities?activity_type=${type}&order_key=id&order_direction=asc&per_page=1000`);
    return res.body.activities.map((a) => a.details);
  }
}

/** Records PACKS_CHANGED events as they are published. */
export class PacksEvents {
  private constructor(
    readonly seen: Array<PayloadOf<typeof PACKS_CHANGED>>,
    private readonly sub: BusSubscription,
  ) {}

  static async start(gw: ApiGatewayHarness): Promise<PacksEvents> {
    const seen: Array<PayloadOf<typeof PACKS_CHANGED>> = [];
    return new PacksEvents(seen, await gw.bus.subscribe(PACKS_CHANGED, (e) => void seen.push(e)));
  }

  reset(): void {
    this.seen.length = 0;
  }

  /** Waits (≤ 2 s) until `n` events arrived, then a little longer to catch extra ones; returns them all. */
  async settle(n: number): Promise<Array<PayloadOf<typeof PACKS_CHANGED>>> {
    for (let i = 0; i < 200 && this.seen.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 30));
    return [...this.seen];
  }

  stop(): Promise<void> {
    return this.sub.unsubscribe();
  }
}

/** Empties the packs tables and what specs create around them (saved queries, labels other than builtin ones, teams). */
export async function clearPacks(gw: ApiGatewayHarness): Promise<void> {
  const m = gw.db.manager;
  for (const entity of [ScheduledQueryEntity, PackTargetEntity, PackEntity, QueryEntity, TeamEntity, LabelMembershipEntity]) await m.clear(entity);
  await m.delete(LabelEntity, { labelType: 'regular' });
}
