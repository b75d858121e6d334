import { z } from 'zod';
import { defineEvent, defineRequest } from '../contract';

const campaignId = z.number().int().positive();
const hostId = z.number().int().positive();

/** Target counts at launch (Fleet's campaign metrics). */
export const campaignTotalsSchema = z.object({
  count: z.number().int().nonnegative(),
  online: z.number().int().nonnegative(),
  offline: z.number().int().nonnegative(),
  missing_in_action: z.number().int().nonnegative(),
});
export type CampaignTotals = z.infer<typeof campaignTotalsSchema>;

export const campaignSchema = z.object({
  id: campaignId,
  queryId: z.number().int().positive(),
  /** The creator (null: the bootstrap token): only they (or an admin) may stream it. */
  userId: z.number().int().positive().nullable(),
  sql: z.string(),
  status: z.enum(['waiting', 'running', 'finished']),
  createdAt: z.string(),
  totals: campaignTotalsSchema,
  /** Hosts still expected to answer at launch (the online targets). */
  expected: z.number().int().nonnegative(),
});
export type CampaignView = z.infer<typeof campaignSchema>;

/**
 * Start a live-query campaign: api-gateway resolves the targets (with the user's team scope) and
 * hands over the host ids; live-query owns the campaign from then on. Owner: live-query.
 */
export const CAMPAIGN_START = defineRequest(
  'live-query.campaign.start.v1',
  z.object({
    sql: z.string().min(1).max(100_000),
    queryId: z.number().int().positive(),
    userId: z.number().int().positive().nullable(),
    hostIds: z.array(hostId).min(1).max(1_000_000),
    totals: campaignTotalsSchema,
    /** A saved query's run: hosts' osquery `stats` are kept as the query's performance. */
    recordStats: z.boolean(),
  }),
  z.object({ campaign: campaignSchema }),
);

/** A campaign's state (null once it ended and was cleaned up). */
export const CAMPAIGN_GET = defineRequest('live-query.campaign.get.v1', z.object({ campaignId }), z.object({ campaign: campaignSchema.nullable() }));

/** Someone streams the campaign's results (sent every few seconds while they do): it stays alive and is `running`. */
export const CAMPAIGN_LISTENING = defineEvent('live-query.campaign.listening.v1', z.object({ campaignId }));

/** End a campaign now (its stream closed, or its synchronous run is over). */
export const CAMPAIGN_STOP = defineRequest('live-query.campaign.stop.v1', z.object({ campaignId }), z.object({ stopped: z.boolean() }));

/** Every active campaign with the hosts still to ask (an osquery-ingest replica warming up). */
export const CAMPAIGNS_ACTIVE = defineRequest(
  'live-query.campaign.active.v1',
  z.object({}),
  z.object({ campaigns: z.array(z.object({ id: campaignId, sql: z.string(), hostIds: z.array(hostId), queryId: z.number().int().positive(), recordStats: z.boolean() })) }),
);

/** A campaign started: every osquery-ingest replica hands its SQL to these hosts at their next check-in. */
export const CAMPAIGN_STARTED = defineEvent(
  'live-query.campaign.started.v1',
  z.object({ id: campaignId, sql: z.string(), hostIds: z.array(hostId), queryId: z.number().int().positive(), recordStats: z.boolean() }),
);

/** A campaign ended: every replica forgets it (results that still arrive are dropped). */
export const CAMPAIGN_ENDED = defineEvent('live-query.campaign.ended.v1', z.object({ id: campaignId }));

/** These hosts answered the campaign: no replica asks them again. Owner: osquery-ingest. */
export const CAMPAIGN_HOSTS_ANSWERED = defineEvent('osquery-ingest.campaign.answered.v1', z.object({ campaignId, hostIds: z.array(hostId) }));

/**
 * One host's answer to a campaign (Fleet's DistributedQueryResult; each row carries
 * `host_hostname` and `host_display_name`). Sent on the cache pub/sub channel of the campaign
 * (`campaignResultsChannel(id)`), so only its listeners receive it. `rows_truncated` says how many
 * rows beyond the per-host cap were dropped.
 */
export const campaignResultSchema = z.object({
  distributed_query_execution_id: campaignId,
  host: z.object({ id: hostId, hostname: z.string(), display_name: z.string() }),
  rows: z.array(z.record(z.string(), z.string().nullable())),
  error: z.string().nullable(),
  stats: z.object({ wall_time_ms: z.number(), user_time: z.number(), system_time: z.number(), memory: z.number() }).nullable(),
  rows_truncated: z.number().int().nonnegative().optional(),
});
export type CampaignResult = z.infer<typeof campaignResultSchema>;

export function campaignResultsChannel(id: number): string {
  return `live-query.results.${id}`;
}

/**
 * The campaign's results so far, in the cache (a hash: host id → the same JSON as on the channel),
 * so a listener that subscribes after fast hosts answered still gets their results. Written by
 * osquery-ingest before publishing; deleted by live-query when the campaign ends.
 */
export function campaignResultsKey(id: number): string {
  return `livequery:results:${id}`;
}
