import { z } from 'zod';
import { lastValue } from './zod-details';

/** Fleet's page size when `page` is given without `per_page`. */
export const DEFAULT_PER_PAGE = 20;

/** A query-string value: the last one when a key repeats; empty means absent. */
export const queryParam = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (lastValue(v) === '' ? undefined : lastValue(v)), schema.optional());

export const nonNegativeInt = (what: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, { message: `${what} must be a non-negative integer` })
    .transform(Number);

export const positiveInt = (what: string) => nonNegativeInt(what).refine((n) => n > 0, { message: `${what} must be a positive integer` });

/** `true`/`false`/`1`/`0` in a query string. */
export const booleanParam = (what: string) =>
  z.enum(['true', 'false', '1', '0'], { message: `${what} must be true or false` }).transform((v) => v === 'true' || v === '1');

/** Fleet's list parameters: page (0-based), per_page, order_key (one of `orderKeys`), order_direction. */
export function paginationQuery<K extends readonly [string, ...string[]]>(orderKeys: K) {
  return {
    page: queryParam(nonNegativeInt('page')),
    per_page: queryParam(positiveInt('per_page')),
    order_key: queryParam(z.enum(orderKeys, { message: `order_key must be one of ${orderKeys.join(', ')}` })),
    order_direction: queryParam(z.enum(['asc', 'desc'], { message: 'order_direction must be asc or desc' })),
  };
}

/** Fleet's page size: `per_page`, or 20 when only `page` is given; undefined (everything) when neither is. */
export function fleetPageSize(q: { page?: number | undefined; per_page?: number | undefined }): number | undefined {
  return q.per_page ?? (q.page !== undefined ? DEFAULT_PER_PAGE : undefined);
}
