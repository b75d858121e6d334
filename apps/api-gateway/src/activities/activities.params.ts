import { z } from 'zod';
import { DEFAULT_PER_PAGE, paginationQuery, queryParam } from '../common/query-params';
import type { ActivityListOptions } from './activities.repository';

const ORDER_KEYS = ['id', 'created_at', 'activity_type', 'user_name'] as const;
const timestamp = (what: string) => z.iso.datetime({ offset: true, message: `${what} must be an RFC 3339 timestamp` }).transform((v) => new Date(v));

/** `GET /activities`. */
export const activityListQuerySchema = z.object({
  ...paginationQuery(ORDER_KEYS),
  query: queryParam(z.string().max(255)),
  activity_type: queryParam(z.string().max(255)),
  start_created_at: queryParam(timestamp('start_created_at')),
  end_created_at: queryParam(timestamp('end_created_at')),
});

/** Newest first, 20 per page unless asked otherwise (the log only grows). */
export function toActivityListOptions(q: z.output<typeof activityListQuerySchema>): ActivityListOptions {
  return {
    page: q.page ?? 0,
    perPage: Math.min(q.per_page ?? DEFAULT_PER_PAGE, 1_000),
    orderKey: q.order_key ?? 'created_at',
    orderDirection: q.order_direction ?? 'desc',
    ...(q.activity_type ? { activityType: q.activity_type } : {}),
    ...(q.query ? { query: q.query } : {}),
    ...(q.start_created_at ? { startCreatedAt: q.start_created_at } : {}),
    ...(q.end_created_at ? { endCreatedAt: q.end_created_at } : {}),
  };
}
