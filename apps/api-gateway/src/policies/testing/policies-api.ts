import { LabelEntity, PolicyEntity, PolicyMembershipEntity, PolicyStatsEntity, TeamEntity } from '@flotilla/platform-db';
import type { ApiGatewayHarness } from '../../testing/api-gateway.harness';
import type { FleetPolicy } from '../policy-view.mapper';

export const V1 = '/api/v1/fleet';
export const LATEST = '/api/latest/fleet';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T & { errors?: Array<{ name: string; reason: string }>; message?: string };
}

/** The policies API over HTTP, as a spec drives it, plus stand-ins for what osquery-ingest writes. */
export class PoliciesApi {
  constructor(
    private readonly gw: ApiGatewayHarness,
    readonly token: string,
  ) {}

  as(token: string): PoliciesApi {
    return new PoliciesApi(this.gw, token);
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const res = await this.gw.fetch(path, { method, token: this.token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Reply<T>['body'] };
  }

  /** Creates a policy (global when `teamId` is null) and expects 200. */
  async create(teamId: number | null, body: Record<string, unknown>): Promise<FleetPolicy> {
    const path = teamId === null ? `${LATEST}/policies` : `${LATEST}/teams/${teamId}/policies`;
    const res = await this.call<{ policy: FleetPolicy }>('POST', path, { query: 'SELECT 1;', ...body });
    if (res.status !== 200) throw new Error(`create policy: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.policy;
  }

  async activities(type: string): Promise<Array<Record<string, unknown>>> {
    const res = await this.call<{ activities: Array<{ details: Record<string, unknown> }> }>('GET', `${V1}/activities?activity_type=${type}&order_key=id&order_direction=asc&per_page=1000`);
    return res.body.activities.map((a) => a.details);
  }
}

/** Error names of a Fleet error body. */
export const names = (body: { errors?: Array<{ name: string }> }): string[] => (body.errors ?? []).map((e) => e.name);

export async function insertTeam(gw: ApiGatewayHarness, name: string, config: Record<string, unknown> | null = null): Promise<number> {
  return (await gw.db.manager.save(gw.db.manager.create(TeamEntity, { name, description: '', config }))).id;
}

export async function insertLabel(gw: ApiGatewayHarness, name: string): Promise<number> {
  const result = await gw.db.manager.insert(LabelEntity, { name, description: '', query: 'SELECT 1', platform: '', labelType: 'regular', membershipType: 'manual', platforms: '' });
  return Number(result.identifiers[0]?.['id']);
}

/** What osquery-ingest writes when hosts answer: membership rows and the counts. */
export async function answer(gw: ApiGatewayHarness, policyId: number, answers: Record<number, boolean | null>): Promise<void> {
  for (const [hostId, passes] of Object.entries(answers)) await gw.db.manager.save(PolicyMembershipEntity, { policyId, hostId: Number(hostId), passes });
}

export async function setStats(gw: ApiGatewayHarness, policyId: number, passing: number, failing: number): Promise<void> {
  await gw.db.manager.save(PolicyStatsEntity, { policyId, passingHostCount: passing, failingHostCount: failing });
}

export async function clearPolicies(gw: ApiGatewayHarness): Promise<void> {
  for (const entity of [PolicyMembershipEntity, PolicyStatsEntity, PolicyEntity]) await gw.db.manager.clear(entity);
}
