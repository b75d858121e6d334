import { Injectable } from '@nestjs/common';
import type { PackTargetType } from '@flotilla/platform-db';
import type { EntityManager } from 'typeorm';
import { PacksChangedPublisher } from './packs-changed.publisher';
import { PacksRepository } from './packs.repository';
import { ScheduledQueriesRepository } from './scheduled-queries.repository';

/**
 * What packs point at, going away: saved queries (their scheduled queries go), hosts, labels and
 * teams (the targets naming them go). The owners of those call `forget…` inside the transaction
 * that deletes them, then `changed` once it committed.
 */
@Injectable()
export class PackReferencesService {
  constructor(
    private readonly packs: PacksRepository,
    private readonly scheduled: ScheduledQueriesRepository,
    private readonly publisher: PacksChangedPublisher,
  ) {}

  /** In `tx`: drops the scheduled queries running the saved queries `queryIds`; returns the packs that lost one. */
  forgetQueries(queryIds: readonly number[], tx: EntityManager): Promise<number[]> {
    return queryIds.length === 0 ? Promise.resolve([]) : this.scheduled.forgetQueries(queryIds, tx);
  }

  /** In `tx`: drops the pack targets naming these hosts, labels or teams; returns the packs that lost one. */
  forgetTargets(type: PackTargetType, ids: readonly number[], tx: EntityManager): Promise<number[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.packs.forgetTargets(type, ids, tx);
  }

  /** Once committed: PACKS_CHANGED for the packs `forget…` returned (nothing when none). */
  changed(packIds: readonly number[]): Promise<void> {
    return this.publisher.announce(packIds);
  }
}
