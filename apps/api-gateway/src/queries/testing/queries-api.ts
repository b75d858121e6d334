import { QueryEntity } from '@flotilla/platform-db';
import type { ApiGatewayHarness } from '../../testing/api-gateway.harness';
import type { Reply } from '../../policies/testing/policies-api';
import type { FleetQuery } from '../query-view.mapper';

export { insertTeam, LATEST, names, V1, type Reply } from '../../policies/testing/policies-api';

/** Both path families: Fleet's `/queries` and 4.86's `/reports`, under both prefixes. */
export const FAMILIES = ['/api/v1/fleet/queries', '/api/latest/fleet/queries', '/api/v1/fleet/reports', '/api/latest/fleet/reports'] as const;

/** The saved queries API over HTTP, as a spec drives it. */
export class QueriesApi {
  constructor(
    private readonly gw: ApiGatewayHarness,
    readonly token: string,
  ) {}

  as(token: string): QueriesApi {
    return new QueriesApi(this.gw, token);
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const res = await this.gw.fetch(path, { method, token: this.token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Reply<T>['body'] };
  }

  /** Creates a query (global when `teamId` is null) and expects 200. */
  async create(teamId: number | null, body: Record<string, unknown>, base: string = FAMILIES[1]): Promise<FleetQuery> {
    const res = await this.call<{ query: FleetQuery }>('POST', base, { query: 'SELECT 1;', ...(teamId !== null ? { team_id: teamId } : {}), ...body });
    if (res.status !== 200) throw new Error(`create query: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.query;
  }

  /** Details of the activities of `type`, oldest first. */
  async activities(type: string): Promise<Array<Record<string, unknown>>> {
    const res = await this.call<{ activities: Array<{ details: Record<string, unknown> }> }>('GET', `/api/v1/fleet/activities?activity_type=${type}&order_key=id&order_direction=asc&per_page=1000`);
    return res.body.activities.map((a) => a.details);
  }
}

export async function clearQueries(gw: ApiGatewayHarness): Promise<void> {
  await gw.db.manager.clear(QueryEntity);
}
