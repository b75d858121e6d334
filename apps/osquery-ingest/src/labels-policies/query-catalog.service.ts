import { Inject, Injectable } from '@nestjs/common';
import { LABELS_CHANGED, POLICIES_CHANGED } from '@flotilla/contracts';
import type { PayloadOf } from '@flotilla/contracts';
import type { Database } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { BusHandlers, DATABASE, LOGGER, OnEvent, OneAtATime, PLATFORM_CONTEXT, StartupWork } from '@flotilla/platform-server';
import type { PlatformContext } from '@flotilla/platform-server';
import { MembershipRepository } from './membership.repository';
import { QueryCatalog } from './query-catalog';

/**
 * Keeps the label and policy definitions in memory (loaded once the database is up, reloaded on
 * LABELS_CHANGED / POLICIES_CHANGED, which every replica hears) and remembers when each kind last
 * changed: hosts that reported before that run their labels or policies again at the next
 * check-in. Answers to deleted policies, or to policies whose query changed, are forgotten.
 */
@BusHandlers('osquery-ingest')
@Injectable()
export class QueryCatalogService extends StartupWork<void> {
  private current = QueryCatalog.empty();
  /** When label / policy definitions last changed (ms since epoch). */
  labelsChangedAt = 0;
  policiesChangedAt = 0;
  private readonly reloads = new OneAtATime();

  constructor(
    private readonly memberships: MembershipRepository,
    @Inject(DATABASE) db: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONTEXT) ctx: Pick<PlatformContext, 'readiness'>,
  ) {
    super({ name: 'query-catalog', kind: 'osquery-ingest', dependsOn: db, logger, readiness: ctx.readiness });
  }

  protected atStartup(): Promise<void> {
    return this.reload();
  }

  get catalog(): QueryCatalog {
    return this.current;
  }

  @OnEvent(LABELS_CHANGED, { broadcast: true })
  async labelsChanged(event: PayloadOf<typeof LABELS_CHANGED>): Promise<void> {
    await this.memberships.forgetLabels(event.deletedIds);
    await this.reload(event.changedIds.length > 0 ? 'labels' : undefined);
  }

  @OnEvent(POLICIES_CHANGED, { broadcast: true })
  async policiesChanged(event: PayloadOf<typeof POLICIES_CHANGED>): Promise<void> {
    const known = event.changedIds.filter((id) => this.current.policy(id) !== undefined);
    await this.memberships.forgetPolicies([...event.deletedIds, ...known]);
    await this.reload(event.changedIds.length > 0 ? 'policies' : undefined);
  }

  /**
   * Reloads the definitions, one load at a time. `changed` stamps that kind's change time in the
   * same step as the new catalog appears, so no host can report against the old definitions
   * after the stamp.
   */
  reload(changed?: 'labels' | 'policies'): Promise<void> {
    return this.reloads.run(async () => {
      const { labels, policies } = await this.memberships.loadCatalog();
      this.current = new QueryCatalog(labels, policies);
      if (changed === 'labels') this.labelsChangedAt = Date.now();
      if (changed === 'policies') this.policiesChangedAt = Date.now();
      this.logger.debug({ labels: labels.length, policies: policies.length }, 'label and policy catalog loaded');
    });
  }
}
