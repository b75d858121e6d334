import { DetailQuery, detailQueriesFor, FLEET_QUERY_PREFIX } from '@flotilla/codec-osquery';

/** The answer almost every poll gets, serialised once. */
export const NOTHING_TO_DO = '{"queries":{},"discovery":{}}';

/** The queries of a distributed/read answer, by name. */
export interface ReadQueries {
  queries: Record<string, string>;
  discovery: Record<string, string>;
}

interface PlatformDetails extends ReadQueries {
  plain: string;
  accelerated: string;
}

/**
 * distributed/read answers. The detail queries are pre-serialised per host platform (built on
 * first use): every query gets a discovery entry (`SELECT 1` unless it has its own), as Fleet
 * does. Answers that also carry label and policy queries are composed when those are due (at most
 * hourly per host). `accelerate` asks a just-enrolled host (no hostname yet) to check in faster.
 */
export class DistributedReadBuilder {
  private readonly byPlatform = new Map<string, PlatformDetails>();

  detailAnswer(platform: string, accelerate: boolean): string {
    const built = this.details(platform);
    return accelerate ? built.accelerated : built.plain;
  }

  /** Detail queries (when `withDetails`) plus `extra` queries (which need no discovery). */
  compose(platform: string, withDetails: boolean, extra: Record<string, string>, accelerate: boolean): string {
    const details = withDetails ? this.details(platform) : { queries: {}, discovery: {} };
    const body = JSON.stringify({ queries: { ...details.queries, ...extra }, discovery: details.discovery });
    return accelerate ? `${body.slice(0, -1)},"accelerate":10}` : body;
  }

  private details(platform: string): PlatformDetails {
    let built = this.byPlatform.get(platform);
    if (!built) {
      built = this.build(detailQueriesFor(platform));
      this.byPlatform.set(platform, built);
    }
    return built;
  }

  private build(list: readonly DetailQuery[]): PlatformDetails {
    const queries: Record<string, string> = {};
    const discovery: Record<string, string> = {};
    for (const q of list) {
      const name = `${FLEET_QUERY_PREFIX.detail}${q.name}`;
      queries[name] = q.sql;
      discovery[name] = q.discovery ?? 'SELECT 1';
    }
    const plain = JSON.stringify({ queries, discovery });
    return { queries, discovery, plain, accelerated: `${plain.slice(0, -1)},"accelerate":10}` };
  }
}
