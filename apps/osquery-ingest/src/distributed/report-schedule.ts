
/**
 * When a host's detail, label or policy queries are due: never reported, refetch requested,
 * reported before the queries last changed (`changedAt`), or older than the interval plus the
 * host's jitter — hosts are spread over `maxJitterPercent` of the interval in whole-minute
 * buckets chosen from the host id, so a fleet enrolled together doesn't refresh together. A host
 * that was just sent the queries isn't sent them again for `resendAfterMs` (unless they changed).
 */
export class ReportSchedule {
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

  /**
   * `reportedAt`: when the host last answered these queries (0 = never); `refetch`: a refetch is
   * pending; `changedAt`: answers older than this are stale (the queries changed, or a refetch was
   * asked for then).
   */
  isDue(hostId: number, reportedAt: number, sentAt: number | undefined, now: number, opts: { refetch?: boolean; changedAt?: number } = {}): boolean {
    const changedAt = opts.changedAt ?? 0;
    // Just sent and not answered yet: don't ask again — unless the queries changed since.
    if (sentAt !== undefined && now - sentAt < this.resendAfterMs && sentAt >= changedAt) return false;
    if (opts.refetch || reportedAt === 0 || reportedAt < changedAt) return true;
    return now - reportedAt >= this.intervalMs + this.jitterMs(hostId);
  }
}
