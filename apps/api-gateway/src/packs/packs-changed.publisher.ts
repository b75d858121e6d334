import { Inject, Injectable } from '@nestjs/common';
import { PACKS_CHANGED } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, LOGGER } from '@flotilla/platform-server';

/** Tells osquery-ingest (PACKS_CHANGED) which packs to rebuild host configs from, and which to drop. */
@Injectable()
export class PacksChangedPublisher {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A lost event is logged, not thrown: the write is done, and osquery-ingest rereads packs at its next reload. */
  async announce(changedIds: readonly number[], deletedIds: readonly number[] = []): Promise<void> {
    const changed = [...new Set(changedIds)].filter((id) => !deletedIds.includes(id)).sort((a, b) => a - b);
    const deleted = [...new Set(deletedIds)].sort((a, b) => a - b);
    if (changed.length === 0 && deleted.length === 0) return;
    try {
      await this.bus.publish(PACKS_CHANGED, { changedIds: changed, deletedIds: deleted });
    } catch (err) {
      this.logger.warn({ err, changedIds: changed, deletedIds: deleted }, 'could not publish PACKS_CHANGED');
    }
  }
}
