/** How a webhook POST is retried. */
export interface WebhookRetryOptions {
  /** Attempts in all (≥ 1). */
  attempts: number;
  /** Wait before the 2nd attempt; doubled before each later one. */
  retryDelayMs: number;
  /** Per attempt: connect, send and the response headers. */
  timeoutMs: number;
}

export type WebhookOutcome = { ok: true; status: number; attempts: number } | { ok: false; status?: number; error: string; attempts: number };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Worth trying again: the receiver is down, overloaded or slow (network errors, timeouts, 5xx, 408, 429). */
const transient = (status: number): boolean => status >= 500 || status === 408 || status === 429;

/**
 * POSTs `body` as JSON to `url` (global fetch), retrying transient failures with exponential
 * backoff. Any 2xx is success; another 4xx is final (the receiver refuses it: retrying would not
 * help). Never throws.
 */
export async function postJsonWithRetry(url: string, body: unknown, opts: WebhookRetryOptions, wait: (ms: number) => Promise<void> = sleep): Promise<WebhookOutcome> {
  const payload = JSON.stringify(body);
  let outcome: WebhookOutcome = { ok: false, error: 'not attempted', attempts: 0 };
  for (let attempt = 1; attempt <= Math.max(1, opts.attempts); attempt++) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload, signal: AbortSignal.timeout(opts.timeoutMs) });
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) return { ok: true, status: res.status, attempts: attempt };
      outcome = { ok: false, status: res.status, error: `HTTP ${res.status}`, attempts: attempt };
      if (!transient(res.status)) return outcome;
    } catch (err) {
      outcome = { ok: false, error: err instanceof Error ? err.message : String(err), attempts: attempt };
    }
    if (attempt < opts.attempts) await wait(opts.retryDelayMs * 2 ** (attempt - 1));
  }
  return outcome;
}
