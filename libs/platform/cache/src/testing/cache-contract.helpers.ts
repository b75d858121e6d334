import type { Cache } from '../cache';

/** Polls `check` until it stops throwing (TTL expiry, pub/sub delivery). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 3_000, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(everyMs);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What each contract test gets: the cache under test and a key/channel namer unique to the test. */
export interface CacheContractContext {
  cache(): Cache;
  k(suffix: string): string;
}
