import { Inject, Injectable } from '@nestjs/common';
import { campaignResultsKey, type CampaignTotals, type CampaignView } from '@flotilla/contracts';
import type { Cache } from '@flotilla/platform-cache';
import { CACHE } from '@flotilla/platform-server';

const ACTIVE = 'livequery:active';
const NEXT_ID = 'livequery:next-id';
const key = (id: number) => `livequery:c:${id}`;
const hostsKey = (id: number) => `livequery:c:${id}:hosts`;
const SADD_CHUNK = 5_000;

export interface StoredCampaign extends CampaignView {
  /** When someone last streamed or waited for it (ms since epoch). */
  listenedAt: number;
  /** A saved query's run: hosts' stats are kept. */
  recordStats: boolean;
}

/**
 * Campaign state in the shared cache (Redis in distributed mode), so every live-query replica
 * sees the same campaigns: a hash per campaign, the set of hosts still to answer, and the set of
 * active campaign ids.
 */
@Injectable()
export class CampaignsStore {
  constructor(@Inject(CACHE) private readonly cache: Cache) {}

  async create(input: { sql: string; queryId: number; userId: number | null; hostIds: readonly number[]; totals: CampaignTotals; recordStats: boolean }, now: Date): Promise<StoredCampaign> {
    const id = await this.cache.incr(NEXT_ID);
    const campaign: StoredCampaign = {
      id,
      queryId: input.queryId,
      userId: input.userId,
      sql: input.sql,
      status: 'waiting',
      createdAt: now.toISOString(),
      totals: input.totals,
      expected: input.totals.online,
      listenedAt: now.getTime(),
      recordStats: input.recordStats,
    };
    for (let i = 0; i < input.hostIds.length; i += SADD_CHUNK) await this.cache.sadd(hostsKey(id), ...input.hostIds.slice(i, i + SADD_CHUNK).map(String));
    await this.cache.hset(key(id), {
      queryId: String(campaign.queryId),
      userId: campaign.userId === null ? '' : String(campaign.userId),
      sql: campaign.sql,
      status: campaign.status,
      createdAt: campaign.createdAt,
      totals: JSON.stringify(campaign.totals),
      expected: String(campaign.expected),
      listenedAt: String(campaign.listenedAt),
      recordStats: campaign.recordStats ? '1' : '0',
    });
    await this.cache.sadd(ACTIVE, String(id));
    return campaign;
  }

  async get(id: number): Promise<StoredCampaign | null> {
    const h = await this.cache.hgetall(key(id));
    if (!h['sql'] || !h['createdAt']) return null;
    return {
      id,
      queryId: Number(h['queryId']),
      userId: h['userId'] ? Number(h['userId']) : null,
      sql: h['sql'],
      status: h['status'] === 'running' ? 'running' : h['status'] === 'finished' ? 'finished' : 'waiting',
      createdAt: h['createdAt'],
      totals: JSON.parse(h['totals'] ?? '{}') as CampaignTotals,
      expected: Number(h['expected'] ?? 0),
      listenedAt: Number(h['listenedAt'] ?? 0),
      recordStats: h['recordStats'] === '1',
    };
  }

  async activeIds(): Promise<number[]> {
    return (await this.cache.smembers(ACTIVE)).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  }

  async pendingHosts(id: number): Promise<number[]> {
    return (await this.cache.smembers(hostsKey(id))).map(Number);
  }

  async answered(id: number, hostIds: readonly number[]): Promise<void> {
    if (hostIds.length > 0) await this.cache.srem(hostsKey(id), ...hostIds.map(String));
  }

  async listening(id: number, now: number): Promise<boolean> {
    if (!(await this.cache.sismember(ACTIVE, String(id)))) return false;
    await this.cache.hset(key(id), { listenedAt: String(now), status: 'running' });
    return true;
  }

  /** Removes every trace of the campaign; false if it was not active. */
  async remove(id: number): Promise<boolean> {
    const removed = await this.cache.srem(ACTIVE, String(id));
    await this.cache.del(key(id), hostsKey(id), campaignResultsKey(id));
    return removed > 0;
  }
}
