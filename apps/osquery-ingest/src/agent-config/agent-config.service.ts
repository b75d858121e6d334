import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG_CHANGED, PACKS_CHANGED, QUERIES_CHANGED, TEAMS_CHANGED } from '@flotilla/contracts';
import type { PayloadOf } from '@flotilla/contracts';
import type { Database } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { BusHandlers, DATABASE, LOGGER, OnEvent, OneAtATime, PLATFORM_CONTEXT, StartupWork } from '@flotilla/platform-server';
import type { PlatformContext } from '@flotilla/platform-server';
import type { HostState } from '../hosts/host-state';
import { MembershipRepository } from '../labels-policies/membership.repository';
import { HostConfigCatalog, type ServedConfig } from './host-config.catalog';
import { HostConfigRepository } from './host-config.repository';

export type { ServedConfig } from './host-config.catalog';

/**
 * The osquery config a host gets (`/api/osquery/config`): agent options, scheduled reports and
 * packs, composed in memory (HostConfigCatalog) and rebuilt whenever what they come from changes —
 * agent options (APP_CONFIG_CHANGED, TEAMS_CHANGED), saved queries, packs — which every replica
 * hears. An unchanged config costs no JSON work, and a newer osquery presenting the current
 * `etag` gets just `{"etag":"ok"}`. The only database read on this path is a host's label
 * memberships, and only while some pack targets labels.
 */
@BusHandlers('osquery-ingest')
@Injectable()
export class AgentConfigService extends StartupWork<void> {
  static readonly NOT_MODIFIED = '{"etag":"ok"}';
  private current = HostConfigCatalog.defaults();
  private readonly reloads = new OneAtATime();

  constructor(
    private readonly sources: HostConfigRepository,
    private readonly memberships: MembershipRepository,
    @Inject(DATABASE) db: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONTEXT) ctx: Pick<PlatformContext, 'readiness'>,
  ) {
    super({ name: 'host-config', kind: 'osquery-ingest', dependsOn: db, logger, readiness: ctx.readiness });
  }

  protected atStartup(): Promise<void> {
    return this.reload();
  }

  /** Synchronous unless some pack targets labels (then the host's memberships are read first). */
  configFor(host: Pick<HostState, 'id' | 'teamId' | 'platform'>): ServedConfig | Promise<ServedConfig> {
    const catalog = this.current;
    if (!catalog.needsLabels) return catalog.configFor(host);
    return this.memberships.labelIdsOf(host.id).then((labelIds) => catalog.configFor(host, labelIds));
  }

  @OnEvent(APP_CONFIG_CHANGED, { broadcast: true })
  async appConfigChanged(event: PayloadOf<typeof APP_CONFIG_CHANGED>): Promise<void> {
    if (event.sections.includes('agent_options')) await this.reload();
  }

  @OnEvent(TEAMS_CHANGED, { broadcast: true })
  teamsChanged(): Promise<void> {
    return this.reload();
  }

  @OnEvent(QUERIES_CHANGED, { broadcast: true })
  queriesChanged(): Promise<void> {
    return this.reload();
  }

  @OnEvent(PACKS_CHANGED, { broadcast: true })
  packsChanged(): Promise<void> {
    return this.reload();
  }

  /** Rebuilds the catalog from the database, one load at a time (the last change always wins). */
  reload(): Promise<void> {
    return this.reloads.run(async () => {
      const sources = await this.sources.load();
      this.current = new HostConfigCatalog(sources);
      this.logger.debug({ reports: sources.reports.length, packs: sources.packs.length, teams: sources.teamAgentOptions.size }, 'host config sources loaded');
    });
  }
}
