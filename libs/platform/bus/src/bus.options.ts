import type { BackoffOptions } from '@flotilla/platform-health';

/** The little the bus needs from a logger; pino and Nest loggers are easily adapted to it. */
export interface BusLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Options shared by both implementations; the same values give the same behaviour. */
export interface BusOptions {
  /** Where dropped/invalid messages and handler failures are reported. Default: console. */
  logger?: BusLogger;
  /** Delay before a message whose durable handler threw is redelivered (attempt = deliveryCount - 1). */
  redeliveryBackoff?: BackoffOptions;
  /** How long a stream remembers `msgId`s for de-duplication. Default 2 min (JetStream's default). */
  duplicateWindowMs?: number;
  /** Request timeout when `RequestOptions.timeoutMs` is not given. Default 5 000 ms. */
  defaultRequestTimeoutMs?: number;
  /** How long unsubscribe/close wait for in-flight handlers to finish. Default 10 000 ms. */
  drainTimeoutMs?: number;
}

export interface InProcessBusOptions extends BusOptions {
  /** Largest encoded payload accepted, mirroring NATS' `max_payload`. Default 1 MiB. */
  maxPayloadBytes?: number;
  /** Where durable streams are kept (`streams.sqlite`) so they survive a restart; unset: memory only. */
  directory?: string;
}

export interface NatsBusOptions extends BusOptions {
  /** `nats://host:port`, or several for a cluster. Credentials may be given in the URL. */
  servers: string | string[];
  /** Connection name shown by the server (use the service name). */
  name?: string;
  token?: string;
  user?: string;
  pass?: string;
  /** Timeout of one connection attempt. Default 2 000 ms. */
  connectTimeoutMs?: number;
  /** Backoff between first-connection attempts (afterwards the client reconnects by itself). */
  connectBackoff?: BackoffOptions;
  /** Wait between reconnection attempts once connected before. Default 1 000 ms. */
  reconnectTimeWaitMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
export const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;
export const DEFAULT_ACK_WAIT_MS = 30_000;
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
export const DEFAULT_REDELIVERY_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 30_000, jitter: 0.2 };

export const CONSOLE_BUS_LOGGER: BusLogger = {
  warn: (message, fields) => console.warn(`[bus] ${message}`, fields ?? {}),
  error: (message, fields) => console.error(`[bus] ${message}`, fields ?? {}),
};

export interface ResolvedBusOptions {
  logger: BusLogger;
  redeliveryBackoff: BackoffOptions;
  duplicateWindowMs: number;
  defaultRequestTimeoutMs: number;
  drainTimeoutMs: number;
}

export function resolveBusOptions(opts: BusOptions): ResolvedBusOptions {
  return {
    logger: opts.logger ?? CONSOLE_BUS_LOGGER,
    redeliveryBackoff: opts.redeliveryBackoff ?? DEFAULT_REDELIVERY_BACKOFF,
    duplicateWindowMs: opts.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    defaultRequestTimeoutMs: opts.defaultRequestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    drainTimeoutMs: opts.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS,
  };
}
