import { DetailQuery, detailQueriesFor, FLEET_QUERY_PREFIX } from '@flotilla/codec-osquery';

/** The answer almost every poll gets, serialised once. */
export const NOTHING_TO_DO = '{"queries":{},"discovery":{}}';

/**
 * Pre-serialised distributed/read answers carrying the detail queries, one per host platform
 * (built on first use): every query gets a discovery entry (`SELECT 1` unless it has its own),
 * as Fleet does. `accelerate` asks a just-enrolled host (no hostname yet) to check in faster.
 */
export class DistributedReadBuilder {
  private readonly byPlatform = new Map<string, { plain: string; accelerated: string }>();

  detailAnswer(platform: string, accelerate: boolean): string {
    let built = this.byPlatform.get(platform);
    if (!built) {
      built = this.build(detailQueriesFor(platform));
      this.byPlatform.set(platform, built);
    }
    return accelerate ? built.accelerated : built.plain;
  }

  private build(queries: readonly DetailQuery[]): { plain: string; accelerated: string } {
    const sql: Record<string, string> = {};
    const discovery: Record<string, string> = {};
    for (const q of queries) {
      const name = `${FLEET_QUERY_PREFIX.detail}${q.name}`;
      sql[name] = q.sql;
      discovery[name] = q.discovery ?? 'SELECT 1';
    }
    const plain = JSON.stringify({ queries: sql, discovery });
    return { plain, accelerated: `${plain.slice(0, -1)},"accelerate":10}` };
  }
}
