import type { LogRecord } from '../pipeline/log-records';

/** Why a delivery attempt failed (the `reason` label of flotilla_log_delivery_failures_total). */
export type LogDeliveryErrorCode =
  | 'network'
  | 'timeout'
  | 'throttled'
  | 'server_error'
  | 'client_error'
  | 'partial'
  | 'unavailable'
  | 'deferred';

export interface LogDeliveryErrorDetails {
  /** HTTP status, when the destination answered. */
  status?: number;
  /** The destination asked not to be called again before this many ms (Retry-After). */
  retryAfterMs?: number;
  /** Records the destination refused while accepting the others (retry only these). */
  remaining?: readonly LogRecord[];
}

/**
 * A failed delivery attempt. Every code is retried — nothing acknowledged to osquery may be
 * lost — but `client_error` (a 4xx other than 408/429: a wrong URL, topic or permission) will not
 * heal by itself, so it is logged as an error each time.
 */
export class LogDeliveryError extends Error {
  constructor(
    readonly code: LogDeliveryErrorCode,
    message: string,
    readonly details: LogDeliveryErrorDetails = {},
  ) {
    super(message);
    this.name = 'LogDeliveryError';
  }

  /** A non-2xx HTTP answer (`body` is quoted shortened: it may explain a 4xx). */
  static fromHttp(status: number, retryAfter: string | null, body: string, now = Date.now()): LogDeliveryError {
    const code: LogDeliveryErrorCode = status === 429 ? 'throttled' : status === 408 ? 'timeout' : status >= 500 ? 'server_error' : 'client_error';
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    const detail = body.trim().slice(0, 200);
    return new LogDeliveryError(code, `HTTP ${status}${detail ? `: ${detail}` : ''}`, { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }

  /** Anything thrown by a client library: a timeout when our signal fired, else the cause's own classification. */
  static from(err: unknown, signal?: AbortSignal): LogDeliveryError {
    if (err instanceof LogDeliveryError) return err;
    const message = err instanceof Error ? err.message : String(err);
    if (signal?.aborted) return new LogDeliveryError('timeout', `no answer in time (${message})`);
    const code = (err as { code?: unknown; cause?: { code?: unknown } } | undefined)?.cause?.code ?? (err as { code?: unknown } | undefined)?.code;
    const network = typeof code === 'string' && /^(ECONN|ENOTFOUND|EAI_AGAIN|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR)/.test(code);
    return new LogDeliveryError(network || err instanceof TypeError ? 'network' : 'unavailable', message);
  }
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
