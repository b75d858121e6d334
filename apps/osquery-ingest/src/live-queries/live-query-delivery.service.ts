import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { DistributedQueryResult } from '@flotilla/codec-osquery';
import { CAMPAIGN_ENDED, CAMPAIGN_HOSTS_ANSWERED, CAMPAIGN_STARTED, CAMPAIGNS_ACTIVE, campaignResultsChannel, campaignResultsKey, type CampaignResult, type PayloadOf } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import type { Cache } from '@flotilla/platform-cache';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, BusHandlers, CACHE, LOGGER, OnEvent } from '@flotilla/platform-server';
import type { OsqueryIngestSettings } from '../config/osquery-ingest.config';
import type { HostState } from '../hosts/host-state';
import { OSQUERY_INGEST_SETTINGS } from '../osquery-ingest.tokens';
import { QueryStatsWriter } from './query-stats.writer';

const LIVE_PREFIX = 'fleet_distributed_query_';
const ANSWERED_FLUSH_MS = 200;
const WARM_UP_RETRY_MS = 2_000;
/** Ended campaign ids remembered so a late warm-up reply cannot bring one back. */
const ENDED_MEMORY = 10_000;
/** A campaign's stored results outlive no campaign (live-query deletes them at the end; this is the backstop). */
const RESULTS_TTL_MS = 7 * 86_400_000;

/**
 * Live-query delivery on the hot path. Every replica keeps the active campaigns in memory (fed by
 * CAMPAIGN_STARTED/ENDED, warmed up from live-query at start) with an index host → campaigns, so a
 * check-in finds its live queries with one map lookup and no database or network round trip.
 * A host's answer is stored with the campaign's results and goes to its listeners (cache pub/sub
 * channel; late listeners read the stored ones first), the host is not asked
 * again — here at once, on the other replicas through CAMPAIGN_HOSTS_ANSWERED (batched) — and
 * answers to ended or untargeted campaigns are dropped.
 */
@BusHandlers('osquery-ingest')
@Injectable()
export class LiveQueryDeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly campaigns = new Map<number, { sql: string; queryId: number; recordStats: boolean }>();
  private readonly byHost = new Map<number, Set<number>>();
  private readonly ended = new Set<number>();
  /** Campaigns whose stored results got their backstop expiry from this replica. */
  private readonly expiring = new Set<number>();
  private answered = new Map<number, number[]>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly stats: QueryStatsWriter,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(OSQUERY_INGEST_SETTINGS) private readonly settings: OsqueryIngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flushAnswered(), ANSWERED_FLUSH_MS);
    this.timer.unref();
    void this.warmUp();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.flushAnswered();
  }

  /** The live queries pending for a host (name → SQL), or undefined (almost always). */
  queriesFor(hostId: number): Record<string, string> | undefined {
    const ids = this.byHost.get(hostId);
    if (!ids || ids.size === 0) return undefined;
    const queries: Record<string, string> = {};
    for (const id of ids) {
      const campaign = this.campaigns.get(id);
      if (campaign) queries[`${LIVE_PREFIX}${id}`] = campaign.sql;
    }
    return queries;
  }

  /** A host's answer to a campaign: published to its listeners if the host was still expected. */
  async receive(host: HostState, campaignId: number, result: DistributedQueryResult): Promise<void> {
    const pending = this.byHost.get(host.id);
    if (!pending?.has(campaignId)) return; // ended, never targeted, or already answered
    this.forget(campaignId, host.id);
    const campaign = this.campaigns.get(campaignId);
    if (campaign?.recordStats && result.stats && result.status === 0) this.stats.add(campaign.queryId, host.id, result.stats);
    const queued = this.answered.get(campaignId) ?? [];
    queued.push(host.id);
    this.answered.set(campaignId, queued);
    const max = this.settings.liveQueryMaxRows;
    const failed = result.status !== 0;
    const message: CampaignResult = {
      distributed_query_execution_id: campaignId,
      host: { id: host.id, hostname: host.hostname, display_name: host.hostname },
      rows: failed ? [] : result.rows.slice(0, max).map((row) => ({ ...row, host_hostname: host.hostname, host_display_name: host.hostname })),
      error: failed ? result.message || `query failed with status ${result.status}` : null,
      stats: result.stats ? { wall_time_ms: result.stats.wallTimeMs, user_time: result.stats.userTime, system_time: result.stats.systemTime, memory: result.stats.memory } : null,
      ...(!failed && result.rows.length > max ? { rows_truncated: result.rows.length - max } : {}),
    };
    const json = JSON.stringify(message);
    // Kept for listeners that subscribe later (they read it first), and sent to those listening now:
    // issued in that order on one connection, so a listener either gets the message or finds it stored.
    await Promise.all([this.cache.hset(campaignResultsKey(campaignId), { [String(host.id)]: json }), this.cache.publish(campaignResultsChannel(campaignId), json)]);
    if (!this.expiring.has(campaignId)) {
      this.expiring.add(campaignId);
      await this.cache.expire(campaignResultsKey(campaignId), RESULTS_TTL_MS);
    }
  }

  @OnEvent(CAMPAIGN_STARTED, { broadcast: true })
  started(event: PayloadOf<typeof CAMPAIGN_STARTED>): void {
    this.add(event);
  }

  @OnEvent(CAMPAIGN_ENDED, { broadcast: true })
  endedEvent(event: PayloadOf<typeof CAMPAIGN_ENDED>): void {
    if (this.ended.size >= ENDED_MEMORY) this.ended.clear();
    this.ended.add(event.id);
    this.campaigns.delete(event.id);
    this.expiring.delete(event.id);
    for (const [hostId, ids] of this.byHost) {
      ids.delete(event.id);
      if (ids.size === 0) this.byHost.delete(hostId);
    }
    this.answered.delete(event.id);
  }

  @OnEvent(CAMPAIGN_HOSTS_ANSWERED, { broadcast: true })
  answeredElsewhere(event: PayloadOf<typeof CAMPAIGN_HOSTS_ANSWERED>): void {
    for (const hostId of event.hostIds) this.forget(event.campaignId, hostId);
  }

  /** How many campaigns this replica holds (metrics, tests). */
  get activeCampaigns(): number {
    return this.campaigns.size;
  }

  private add(c: { id: number; sql: string; hostIds: readonly number[]; queryId: number; recordStats: boolean }): void {
    if (this.ended.has(c.id)) return;
    const id = c.id;
    this.campaigns.set(id, { sql: c.sql, queryId: c.queryId, recordStats: c.recordStats });
    for (const hostId of c.hostIds) {
      let ids = this.byHost.get(hostId);
      if (!ids) this.byHost.set(hostId, (ids = new Set()));
      ids.add(id);
    }
  }

  private forget(campaignId: number, hostId: number): void {
    const ids = this.byHost.get(hostId);
    if (!ids) return;
    ids.delete(campaignId);
    if (ids.size === 0) this.byHost.delete(hostId);
  }

  private async flushAnswered(): Promise<void> {
    if (this.answered.size === 0) return;
    const batch = this.answered;
    this.answered = new Map();
    for (const [campaignId, hostIds] of batch) {
      await this.bus.publish(CAMPAIGN_HOSTS_ANSWERED, { campaignId, hostIds }).catch((err: unknown) => this.logger.warn({ err, campaignId }, 'could not announce answered hosts'));
    }
  }

  /** Loads the campaigns already running (this replica just started), retrying until live-query answers. */
  private async warmUp(): Promise<void> {
    while (!this.stopped) {
      try {
        const { campaigns } = await this.bus.request(CAMPAIGNS_ACTIVE, {}, { timeoutMs: 5_000 });
        for (const c of campaigns) this.add(c);
        return;
      } catch (err) {
        this.logger.debug({ err }, 'live-query not reachable yet: active campaigns not loaded');
        await new Promise((r) => setTimeout(r, WARM_UP_RETRY_MS).unref());
      }
    }
  }
}
