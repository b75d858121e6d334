import type { QueryEntity } from '@flotilla/platform-db';
import { compareListValues } from '../common/list-order';
import type { QueryListOptions, QueryOrderKey } from './queries.params';
import type { FleetQuery } from './query-view.mapper';

/** One page of saved queries in Fleet 4.86's list shape (the same page as `queries` and `reports`). */
export interface FleetQueryList {
  queries: FleetQuery[];
  reports: FleetQuery[];
  count: number;
  inherited_query_count: number;
  inherited_report_count: number;
  meta: { has_next_results: boolean; has_previous_results: boolean };
}

function compare(a: FleetQuery, b: FleetQuery, key: QueryOrderKey): number {
  return compareListValues(a[key], b[key]);
}

/** Whether a query is scheduled on hosts of osquery platform family `platform` (Fleet's list filter). */
export function scheduledFor(platform: 'darwin' | 'windows' | 'linux'): (q: QueryEntity) => boolean {
  return (q) => q.scheduleInterval > 0 && (q.platform === '' || q.platform.split(',').includes(platform));
}

/** Sorted (id breaks ties) and paged, with Fleet's counts; `inherited` = how many global queries a team list merged in. */
export function toQueryList(views: FleetQuery[], options: QueryListOptions, inherited: number): FleetQueryList {
  const sign = options.direction === 'DESC' ? -1 : 1;
  const sorted = [...views].sort((a, b) => sign * (compare(a, b, options.orderKey) || a.id - b.id));
  const end = options.limit === undefined ? undefined : options.offset + options.limit;
  const page = sorted.slice(options.offset, end);
  return {
    queries: page,
    reports: page,
    count: sorted.length,
    inherited_query_count: inherited,
    inherited_report_count: inherited,
    meta: { has_next_results: end !== undefined && end < sorted.length, has_previous_results: options.page > 0 },
  };
}
