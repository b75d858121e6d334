const MIN_MS = 0.01;
const RATIO = 1.02;
const LOG_RATIO = Math.log(RATIO);
const BUCKETS = 1024; // 0.01 ms · 1.02^1023 ≈ 6.3e6 ms: beyond any request timeout

/**
 * Log-bucketed latency histogram (≈2 % resolution, fixed 4 KB) so long runs with millions
 * of requests keep constant memory. Quantiles report the bucket's upper bound, capped by the
 * exact maximum.
 */
export class LatencyHistogram {
  private readonly buckets = new Uint32Array(BUCKETS);
  private total = 0;
  private maxMs = 0;

  record(ms: number): void {
    const v = Math.max(ms, 0);
    const idx = v <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(v / MIN_MS) / LOG_RATIO));
    this.buckets[idx] = (this.buckets[idx] ?? 0) + 1;
    this.total++;
    if (v > this.maxMs) this.maxMs = v;
  }

  /** Forgets every sample (a new measurement window). */
  reset(): void {
    this.buckets.fill(0);
    this.total = 0;
    this.maxMs = 0;
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxMs;
  }

  /** The q-quantile (0..1) in ms; 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.buckets[i] ?? 0;
      if (seen >= rank) return Math.min(MIN_MS * RATIO ** i, this.maxMs);
    }
    return this.maxMs;
  }
}
