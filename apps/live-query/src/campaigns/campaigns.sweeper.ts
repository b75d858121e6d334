import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Cache } from '@flotilla/platform-cache';
import type { Logger } from '@flotilla/platform-logging';
import { CACHE, LOGGER } from '@flotilla/platform-server';
import type { LiveQuerySettings } from '../config/live-query.config';
import { LIVE_QUERY_SETTINGS } from '../live-query.tokens';
import { CampaignsHandler } from './campaigns.handler';
import { CampaignsStore } from './campaigns.store';

/**
 * Ends campaigns nobody listens to any more (no stream and no synchronous run for
 * LIVE_QUERY_IDLE_TIMEOUT_S — the client went away without saying so) and campaigns older than
 * LIVE_QUERY_MAX_LIFETIME_S. One replica sweeps at a time (a cache lock).
 */
@Injectable()
export class CampaignsSweeper implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: CampaignsStore,
    private readonly campaigns: CampaignsHandler,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(LIVE_QUERY_SETTINGS) private readonly settings: LiveQuerySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep().catch((err: unknown) => this.logger.warn({ err }, 'campaign sweep failed')), this.settings.sweepMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Ends what is idle or expired; returns the ids ended. */
  async sweep(now = Date.now()): Promise<number[]> {
    const lock = await this.cache.acquireLock('livequery:sweep', Math.max(1_000, this.settings.sweepMs));
    if (!lock) return [];
    const ended: number[] = [];
    try {
      for (const id of await this.store.activeIds()) {
        const c = await this.store.get(id);
        const idle = c ? now - c.listenedAt > this.settings.idleTimeoutMs : true;
        const expired = c ? now - Date.parse(c.createdAt) > this.settings.maxLifetimeMs : true;
        if (idle || expired) {
          await this.campaigns.end(id, expired ? 'expired' : 'nobody listening');
          ended.push(id);
        }
      }
    } finally {
      await lock.release();
    }
    return ended;
  }
}
