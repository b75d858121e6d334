/**
 * Argument checks shared by every Cache implementation, so Redis and the in-memory stand-in
 * reject the same inputs the same way (a programming error, not a 4xx: plain RangeError).
 */

/** Redis bit offsets are limited to 2^32 - 1 (a 512 MB string). */
export const MAX_BIT_OFFSET = 2 ** 32 - 1;

/** A TTL in whole milliseconds (rounded up), > 0. */
export function ttlArg(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive number of milliseconds, got ${ttlMs}`);
  return Math.ceil(ttlMs);
}

export function optionalTtlArg(ttlMs: number | undefined): number | undefined {
  return ttlMs === undefined ? undefined : ttlArg(ttlMs);
}

export function incrementArg(by: number): number {
  if (!Number.isSafeInteger(by)) throw new RangeError(`increment must be a safe integer, got ${by}`);
  return by;
}

export function bitOffsetArg(offset: number): number {
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_BIT_OFFSET) {
    throw new RangeError(`bit offset must be an integer in [0, ${MAX_BIT_OFFSET}], got ${offset}`);
  }
  return offset;
}
