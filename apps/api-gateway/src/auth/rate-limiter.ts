import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Cache } from '@flotilla/platform-cache';
import type { Logger } from '@flotilla/platform-logging';
import { CACHE, LOGGER } from '@flotilla/platform-server';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters in the shared cache (Redis in distributed mode, so every replica counts
 * together). Keys are hashed: no email address is written to the cache. If the cache is down the
 * attempt is let through and logged (refusing every login during a Redis outage would lock all
 * admins out).
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Counts one attempt against every bucket; refused when any bucket is over `limit` in its window. */
  async hit(buckets: readonly string[], limit: number, windowMs: number): Promise<RateDecision> {
    try {
      for (const bucket of buckets) {
        const key = `ratelimit:${createHash('sha256').update(bucket).digest('hex').slice(0, 32)}`;
        const count = await this.cache.incr(key, 1, windowMs);
        if (count > limit) {
          const ttl = await this.cache.ttl(key);
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000)) };
        }
      }
      return { allowed: true };
    } catch (err) {
      this.logger.warn({ err }, 'rate limiter unavailable: attempt allowed');
      return { allowed: true };
    }
  }
}
