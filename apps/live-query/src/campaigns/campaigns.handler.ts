import { Inject, Injectable } from '@nestjs/common';
import {
  CAMPAIGN_ENDED,
  CAMPAIGN_GET,
  CAMPAIGN_HOSTS_ANSWERED,
  CAMPAIGN_LISTENING,
  CAMPAIGN_START,
  CAMPAIGN_STARTED,
  CAMPAIGN_STOP,
  CAMPAIGNS_ACTIVE,
  type CampaignView,
  type PayloadOf,
  type ReplyOf,
  type RequestOf,
} from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, BusHandlers, LOGGER, OnEvent, OnRequest } from '@flotilla/platform-server';
import { CampaignsStore, type StoredCampaign } from './campaigns.store';

/**
 * live-query's side of the campaign contracts: starts campaigns (state in the shared cache, the
 * SQL and targets broadcast to osquery-ingest), answers their state, keeps them alive while
 * someone listens, and ends them (every replica told, every key deleted).
 */
@BusHandlers('live-query')
@Injectable()
export class CampaignsHandler {
  constructor(
    private readonly store: CampaignsStore,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnRequest(CAMPAIGN_START)
  async start(req: RequestOf<typeof CAMPAIGN_START>): Promise<ReplyOf<typeof CAMPAIGN_START>> {
    const hostIds = [...new Set(req.hostIds)];
    const campaign = await this.store.create({ ...req, hostIds }, new Date());
    await this.bus.publish(CAMPAIGN_STARTED, { id: campaign.id, sql: campaign.sql, hostIds, queryId: campaign.queryId, recordStats: campaign.recordStats });
    this.logger.info({ campaignId: campaign.id, hosts: hostIds.length }, 'live query campaign started');
    return { campaign: view(campaign) };
  }

  @OnRequest(CAMPAIGN_GET)
  async get(req: RequestOf<typeof CAMPAIGN_GET>): Promise<ReplyOf<typeof CAMPAIGN_GET>> {
    const campaign = await this.store.get(req.campaignId);
    return { campaign: campaign ? view(campaign) : null };
  }

  @OnRequest(CAMPAIGNS_ACTIVE)
  async active(): Promise<ReplyOf<typeof CAMPAIGNS_ACTIVE>> {
    const campaigns = [];
    for (const id of await this.store.activeIds()) {
      const campaign = await this.store.get(id);
      if (campaign) campaigns.push({ id, sql: campaign.sql, hostIds: await this.store.pendingHosts(id), queryId: campaign.queryId, recordStats: campaign.recordStats });
    }
    return { campaigns };
  }

  @OnRequest(CAMPAIGN_STOP)
  async stop(req: RequestOf<typeof CAMPAIGN_STOP>): Promise<ReplyOf<typeof CAMPAIGN_STOP>> {
    return { stopped: await this.end(req.campaignId, 'stopped') };
  }

  @OnEvent(CAMPAIGN_LISTENING)
  async listening(event: PayloadOf<typeof CAMPAIGN_LISTENING>): Promise<void> {
    await this.store.listening(event.campaignId, Date.now());
  }

  @OnEvent(CAMPAIGN_HOSTS_ANSWERED)
  async answered(event: PayloadOf<typeof CAMPAIGN_HOSTS_ANSWERED>): Promise<void> {
    await this.store.answered(event.campaignId, event.hostIds);
  }

  /** Ends a campaign: every trace removed, every osquery-ingest replica told. */
  async end(id: number, why: string): Promise<boolean> {
    const removed = await this.store.remove(id);
    await this.bus.publish(CAMPAIGN_ENDED, { id });
    if (removed) this.logger.info({ campaignId: id, why }, 'live query campaign ended');
    return removed;
  }
}

function view(c: StoredCampaign): CampaignView {
  return { id: c.id, queryId: c.queryId, userId: c.userId, sql: c.sql, status: c.status, createdAt: c.createdAt, totals: c.totals, expected: c.expected };
}
