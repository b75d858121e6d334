/**
 * Host status rules (Fleet, `server/fleet/hosts.go` and the datastore's status filters):
 * online while `seen_time` + the host's check-in interval + 60 s is in the future; missing
 * (Fleet's "mia") after 30 days without contact; offline otherwise. "new" = created in the last
 * 24 h, a flag independent of the others. All thresholds are computed here, in JS, so queries
 * only compare columns to parameters (portable between MySQL and SQLite).
 */
export const HOST_STATUSES = ['online', 'offline', 'new', 'missing', 'mia'] as const;
export type HostStatusFilter = (typeof HOST_STATUSES)[number];
/** The `status` field: Fleet ≥ 4.15 reports only online/offline (missing and new are filters). */
export type HostStatus = 'online' | 'offline';

export const ONLINE_BUFFER_S = 60;
/** Check-in interval assumed before the host reported its osquery flags (both intervals 0). */
export const DEFAULT_CHECKIN_INTERVAL_S = 10;
export const MISSING_AFTER_MS = 30 * 24 * 60 * 60 * 1000;
export const NEW_WITHIN_MS = 24 * 60 * 60 * 1000;

/** The host's check-in interval: the smaller of its distributed and config intervals that is set. */
export function checkinIntervalSeconds(distributedInterval: number, configTlsRefresh: number): number {
  const set = [distributedInterval, configTlsRefresh].filter((s) => s > 0);
  return set.length > 0 ? Math.min(...set) : DEFAULT_CHECKIN_INTERVAL_S;
}

/** A host is online when it was seen after this instant. */
export function onlineSince(intervalSeconds: number, now: Date): Date {
  return new Date(now.getTime() - (intervalSeconds + ONLINE_BUFFER_S) * 1000);
}

/** A host is missing when it was last seen at or before this instant. */
export function missingSince(now: Date): Date {
  return new Date(now.getTime() - MISSING_AFTER_MS);
}

/** A host is new when it was created at or after this instant. */
export function newSince(now: Date): Date {
  return new Date(now.getTime() - NEW_WITHIN_MS);
}

export interface StatusInputs {
  seenTime: Date;
  distributedInterval: number;
  configTlsRefresh: number;
}

export function hostStatus(h: StatusInputs, now: Date): HostStatus {
  return h.seenTime.getTime() > onlineSince(checkinIntervalSeconds(h.distributedInterval, h.configTlsRefresh), now).getTime() ? 'online' : 'offline';
}
