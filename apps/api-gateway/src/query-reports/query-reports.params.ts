import { z } from 'zod';
import { nonNegativeInt, queryParam } from '../common/query-params';
import { parseOrFail } from '../common/zod-details';
import { QueriesError } from '../queries/queries.errors';
import type { ReportOrder } from './query-report.view';

/** `GET /queries/:id/report`: Fleet's order (host_id, host_name, last_fetched or a column) and the hosts' team (`team_id`, 4.86's `fleet_id`; 0 = no team). */
export const reportQuerySchema = z.object({
  order_key: queryParam(z.string().max(255, { message: 'order_key may not exceed 255 characters' })),
  order_direction: queryParam(z.enum(['asc', 'desc'], { message: 'order_direction must be asc or desc' })),
  team_id: queryParam(nonNegativeInt('team_id')),
  fleet_id: queryParam(nonNegativeInt('fleet_id')),
});

export interface ReportOptions {
  order?: ReportOrder;
  /** Only hosts of this team (null: of no team); undefined: every host the reader sees. */
  teamId?: number | null;
}

export function toReportOptions(raw: unknown): ReportOptions {
  const q = parseOrFail(reportQuerySchema, raw, QueriesError.invalidParameters);
  const team = q.team_id ?? q.fleet_id;
  return {
    ...(q.order_key ? { order: { key: q.order_key, direction: q.order_direction ?? 'asc' } } : {}),
    ...(team !== undefined ? { teamId: team === 0 ? null : team } : {}),
  };
}
