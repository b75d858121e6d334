/**
 * What the hot path (config, distributed/read) needs to know about a host, kept in memory per
 * node key so a check-in costs no database round trip.
 */
export interface HostState {
  id: number;
  nodeKey: string;
  osqueryHostId: string;
  teamId: number | null;
  platform: string;
  hostname: string;
  /** When detail queries last came back (ms since epoch), 0 if never. */
  detailUpdatedAt: number;
  /** When label / policy answers last came back (ms since epoch), 0 if never. */
  labelUpdatedAt: number;
  policyUpdatedAt: number;
  refetchRequested: boolean;
  /** When the pending refetch was asked for (ms since epoch; 0 = none since this process started). */
  refetchRequestedAt: number;
}
