import { CAMPAIGN_GET, CAMPAIGN_LISTENING, CAMPAIGN_START, CAMPAIGN_STOP, campaignResultsChannel, campaignResultsKey, type CampaignResult, type CampaignView, type RequestOf } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import type { Cache } from '@flotilla/platform-cache';
import type { ApiGatewayHarness } from '../../testing/api-gateway.harness';

type Row = Record<string, string | null>;

/**
 * Stands in for live-query (campaign requests on the bus) and osquery-ingest (host answers
 * published on the campaign's results channel) in api-gateway specs.
 */
export class LiveQueryStub {
  readonly started: Array<RequestOf<typeof CAMPAIGN_START>> = [];
  readonly stopped: number[] = [];
  readonly listening: number[] = [];
  /** Running campaigns (stopped ones are removed). */
  readonly campaigns = new Map<number, CampaignView>();
  /** Every campaign started, in order. */
  readonly history: CampaignView[] = [];
  private nextId = 100;

  private constructor(
    private readonly cache: Cache,
    private readonly subs: BusSubscription[] = [],
  ) {}

  static async install(gw: ApiGatewayHarness): Promise<LiveQueryStub> {
    const cache = gw.server.ctx.deps.cache;
    if (!cache) throw new Error('api-gateway hosts a cache');
    const stub = new LiveQueryStub(cache);
    stub.subs.push(
      await gw.bus.handle(CAMPAIGN_START, (req) => {
        stub.started.push(req);
        const campaign: CampaignView = { id: ++stub.nextId, queryId: req.queryId, userId: req.userId, sql: req.sql, status: 'waiting', createdAt: new Date().toISOString(), totals: req.totals, expected: req.totals.online };
        stub.campaigns.set(campaign.id, campaign);
        stub.history.push(campaign);
        return { campaign };
      }),
      await gw.bus.handle(CAMPAIGN_GET, ({ campaignId }) => ({ campaign: stub.campaigns.get(campaignId) ?? null })),
      await gw.bus.handle(CAMPAIGN_STOP, ({ campaignId }) => {
        stub.stopped.push(campaignId);
        return { stopped: stub.campaigns.delete(campaignId) };
      }),
      await gw.bus.subscribe(CAMPAIGN_LISTENING, ({ campaignId }) => {
        stub.listening.push(campaignId);
      }),
    );
    return stub;
  }

  async uninstall(): Promise<void> {
    await Promise.all(this.subs.map((s) => s.unsubscribe()));
  }

  /** The last campaign started. */
  get last(): CampaignView {
    const campaign = this.history[this.history.length - 1];
    if (!campaign) throw new Error('no campaign was started');
    return campaign;
  }

  /** A host's answer, as osquery-ingest publishes it. */
  async answer(campaignId: number, host: { id: number; hostname: string }, rows: Row[], error: string | null = null): Promise<void> {
    const message: CampaignResult = {
      distributed_query_execution_id: campaignId,
      host: { id: host.id, hostname: host.hostname, display_name: host.hostname },
      rows: rows.map((r) => ({ ...r, host_hostname: host.hostname, host_display_name: host.hostname })),
      error,
      stats: { wall_time_ms: 1, user_time: 1, system_time: 1, memory: 1 },
    };
    const json = JSON.stringify(message);
    await this.cache.hset(campaignResultsKey(campaignId), { [String(host.id)]: json });
    await this.publish(campaignId, json);
  }

  /** Anything on the campaign's channel (malformed messages included). */
  publish(campaignId: number, message: string): Promise<void> {
    return this.cache.publish(campaignResultsChannel(campaignId), message);
  }

  /** Resolves once CAMPAIGN_START has been received `count` times in all. */
  async waitForStarts(count: number, timeoutMs = 5_000): Promise<CampaignView> {
    const until = Date.now() + timeoutMs;
    while (this.started.length < count) {
      if (Date.now() > until) throw new Error(`only ${this.started.length} campaigns started`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.last;
  }
}
