/** Tracks running handler invocations so unsubscribe/close can let them finish, and bounds concurrency. */
export class InFlightTracker {
  private readonly running = new Set<Promise<void>>();

  get size(): number {
    return this.running.size;
  }

  /** Runs `fn` and tracks it until it settles. The returned promise never rejects. */
  run(fn: () => Promise<void>): Promise<void> {
    const p = fn().then(
      () => undefined,
      () => undefined,
    );
    this.running.add(p);
    void p.then(() => this.running.delete(p));
    return p;
  }

  /** Resolves once fewer than `limit` invocations are running. */
  async below(limit: number): Promise<void> {
    while (this.running.size >= Math.max(1, limit)) await Promise.race(this.running);
  }

  /**
   * Resolves once nothing is running (including invocations started meanwhile), or after
   * `timeoutMs` so that one stuck handler cannot block a shutdown forever. Returns true when idle.
   */
  async idle(timeoutMs = Infinity): Promise<boolean> {
    const drained = (async () => {
      while (this.running.size > 0) await Promise.all(this.running);
    })();
    return Number.isFinite(timeoutMs) ? settleWithin(drained, timeoutMs) : drained.then(() => true);
  }
}

/** Waits for `p` at most `ms`; true when it settled in time. */
export async function settleWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    const settled = p.then(
      () => true,
      () => true,
    );
    return await Promise.race([settled, expired]);
  } finally {
    clearTimeout(timer);
  }
}
