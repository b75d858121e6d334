
/**
 * When a host's detail queries are due: never reported, refetch requested, or older than the
 * interval plus the host's jitter — hosts are spread over `maxJitterPercent` of the interval in
 * whole-minute buckets chosen from the host id, so a fleet enrolled together doesn't refresh
 * together. A host that was just sent the queries isn't sent them again for `resendAfterMs`.
 */
export class DetailSchedule {
  private readonly buckets: number;

  constructor(
    private readonly intervalMs: number,
    maxJitterPercent: number,
    private readonly resendAfterMs = 2 * 60_000,
  ) {
    this.buckets = Math.max(1, Math.floor((intervalMs * maxJitterPercent) / 100 / 60_000));
  }

  jitterMs(hostId: number): number {
    return (hostId % this.buckets) * 60_000;
  }

  isDue(host: { id: number; detailUpdatedAt: number; refetchRequested: boolean }, sentAt: number | undefined, now: number): boolean {
    if (sentAt !== undefined && now - sentAt < this.resendAfterMs) return false;
    if (host.refetchRequested || host.detailUpdatedAt === 0) return true;
    return now - host.detailUpdatedAt >= this.intervalMs + this.jitterMs(host.id);
  }
}
