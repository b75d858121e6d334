import type { CampaignView } from '@flotilla/contracts';

/** Fleet's `DistributedQueryCampaign` JSON (`status` 0 = waiting, 1 = running, 2 = finished). */
export interface FleetCampaign {
  id: number;
  query_id: number;
  status: 0 | 1 | 2;
  user_id: number | null;
  created_at: string;
  updated_at: string;
  Metrics: {
    TotalHosts: number;
    OnlineHosts: number;
    OfflineHosts: number;
    MissingInActionHosts: number;
    NewHosts: number;
  };
}

const STATUS_CODES = { waiting: 0, running: 1, finished: 2 } as const;

/** Fleet's timestamps: RFC 3339, second precision. */
const rfc3339 = (iso: string): string => iso.replace(/\.\d{3}Z$/, 'Z');

export function toFleetCampaign(c: CampaignView, newHosts: number): FleetCampaign {
  return {
    id: c.id,
    query_id: c.queryId,
    status: STATUS_CODES[c.status],
    user_id: c.userId,
    created_at: rfc3339(c.createdAt),
    updated_at: rfc3339(c.createdAt),
    Metrics: {
      TotalHosts: c.totals.count,
      OnlineHosts: c.totals.online,
      OfflineHosts: c.totals.offline,
      MissingInActionHosts: c.totals.missing_in_action,
      NewHosts: newHosts,
    },
  };
}
