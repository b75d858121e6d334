import { Inject, Injectable } from '@nestjs/common';
import { CAMPAIGN_GET, CAMPAIGN_LISTENING, CAMPAIGN_STOP, campaignResultSchema, campaignResultsChannel, campaignResultsKey, type CampaignResult, type CampaignTotals, type CampaignView } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import type { Cache, Unsubscribe } from '@flotilla/platform-cache';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, CACHE, LOGGER } from '@flotilla/platform-server';
import { isGlobalAdmin } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { LiveQueriesError } from './live-queries.errors';

/** Fleet's `status` message: finished once as many hosts answered as were online at launch. */
export interface CampaignStatus {
  expected_results: number;
  actual_results: number;
  status: 'pending' | 'finished';
}

/** Where a stream's messages go (a WebSocket, an SSE response, a synchronous run's collector). */
export interface CampaignListener {
  totals(totals: CampaignTotals): void;
  status(status: CampaignStatus): void;
  result(result: CampaignResult): void;
  /** Called on every keepalive (every KEEPALIVE_MS): SSE sends a comment so proxies keep the connection. */
  keepalive?(): void;
}

/** An open stream: results flow to its listener until `close()`, which ends the campaign. */
export interface CampaignStream {
  readonly campaign: CampaignView;
  /** Hosts that answered so far. */
  readonly answered: ReadonlySet<number>;
  close(): Promise<void>;
}

/** live-query ends a campaign nobody listens to for LIVE_QUERY_IDLE_TIMEOUT_S (60 s): tell it often enough. */
export const KEEPALIVE_MS = 5_000;
/** How often a changed status is sent (besides at once when the campaign finishes). */
export const STATUS_MS = 1_000;

/**
 * The one place a campaign's results are followed, for the WebSocket, Server-Sent Events and the
 * synchronous runs alike: finds the campaign (only its creator or a global admin may follow it),
 * subscribes to its results channel and reads the results stored before that (messages
 * validated, one per host), reports totals and
 * status, keeps the campaign alive (CAMPAIGN_LISTENING) while open, and stops it on close.
 */
@Injectable()
export class CampaignStreamService {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The campaign `id` if `principal` may follow it: 404 when it does not exist (any more), 403 when someone else started it. */
  async find(principal: Principal, id: number): Promise<CampaignView> {
    let campaign: CampaignView | null;
    try {
      campaign = (await this.bus.request(CAMPAIGN_GET, { campaignId: id })).campaign;
    } catch (err) {
      throw LiveQueriesError.fromBus(err);
    }
    if (!campaign) throw LiveQueriesError.campaignNotFound(id);
    const creator = campaign.userId !== null && campaign.userId === principal.user?.id;
    if (!creator && !isGlobalAdmin(principal)) throw AuthzError.forbidden('only the user who started a live query (or a global admin) may read its results');
    return campaign;
  }

  /**
   * Starts following `campaign`: totals and the first status are sent before this resolves. If
   * the results cannot be followed (the cache is down), the campaign is stopped and this rejects.
   */
  async open(campaign: CampaignView, listener: CampaignListener): Promise<CampaignStream> {
    const session = new StreamSession(campaign, listener, this.bus, this.logger);
    try {
      await session.start(this.cache);
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  }
}

class StreamSession implements CampaignStream {
  readonly answered = new Set<number>();
  private unsubscribe: Unsubscribe | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private lastStatus = '';
  private closing: Promise<void> | undefined;

  constructor(
    readonly campaign: CampaignView,
    private readonly listener: CampaignListener,
    private readonly bus: Bus,
    private readonly logger: Logger,
  ) {}

  async start(cache: Cache): Promise<void> {
    this.unsubscribe = await cache.subscribe(campaignResultsChannel(this.campaign.id), (message) => this.receive(message));
    this.emit(() => this.listener.totals(this.campaign.totals));
    this.sendStatus();
    // Hosts that answered before this subscription: their results were stored (duplicates are dropped).
    for (const message of Object.values(await cache.hgetall(campaignResultsKey(this.campaign.id)))) this.receive(message);
    this.listening();
    this.timers.push(
      setInterval(() => {
        this.listening();
        this.emit(() => this.listener.keepalive?.());
      }, KEEPALIVE_MS),
      setInterval(() => this.sendStatus(), STATUS_MS),
    );
    for (const t of this.timers) t.unref();
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      for (const t of this.timers) clearInterval(t);
      await this.unsubscribe?.().catch((err: unknown) => this.logger.warn({ err, campaignId: this.campaign.id }, 'could not unsubscribe from campaign results'));
      await this.bus
        .request(CAMPAIGN_STOP, { campaignId: this.campaign.id })
        .catch((err: unknown) => this.logger.warn({ err, campaignId: this.campaign.id }, 'could not stop live query campaign (live-query ends it when idle)'));
    })());
  }

  private get status(): CampaignStatus {
    const expected = this.campaign.expected;
    const actual = this.answered.size;
    return { expected_results: expected, actual_results: actual, status: actual >= expected ? 'finished' : 'pending' };
  }

  private receive(message: string): void {
    if (this.closing) return;
    const result = parseResult(message);
    if (!result || result.distributed_query_execution_id !== this.campaign.id) {
      this.logger.warn({ campaignId: this.campaign.id, bytes: message.length }, 'dropped a malformed live query result');
      return;
    }
    if (this.answered.has(result.host.id)) return;
    const wasFinished = this.status.status === 'finished';
    this.answered.add(result.host.id);
    this.emit(() => this.listener.result(result));
    if (!wasFinished && this.status.status === 'finished') this.sendStatus();
  }

  private sendStatus(): void {
    const status = this.status;
    const key = `${status.actual_results}/${status.status}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.emit(() => this.listener.status(status));
  }

  private listening(): void {
    this.bus.publish(CAMPAIGN_LISTENING, { campaignId: this.campaign.id }).catch((err: unknown) => this.logger.warn({ err, campaignId: this.campaign.id }, 'could not keep the live query campaign alive'));
  }

  /** A listener that throws (a socket gone away) must not break the stream for the others. */
  private emit(send: () => void): void {
    try {
      send();
    } catch (err) {
      this.logger.warn({ err, campaignId: this.campaign.id }, 'live query listener failed');
    }
  }
}

function parseResult(message: string): CampaignResult | undefined {
  try {
    const parsed = campaignResultSchema.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
