import { Redis } from 'ioredis';
import { BackoffOptions, backoffDelay, DEFAULT_BACKOFF, DependencyStatus } from '@flotilla/platform-health';

export interface RedisConnectionOptions {
  url: string;
  keyPrefix?: string;
  /** CLIENT SETNAME, so `CLIENT LIST` shows who holds the connection. */
  connectionName?: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  backoff?: BackoffOptions;
}

/**
 * One ioredis connection whose commands fail fast while Redis is down (no offline queue, one
 * retry for commands in flight when the link drops) and which reconnects by itself with the
 * platform's backoff. Tracks its own status from ioredis's connection events.
 */
export class RedisConnection {
  readonly client: Redis;
  private state: DependencyStatus = 'starting';
  private lastError: string | undefined;

  constructor(
    readonly role: string,
    opts: RedisConnectionOptions,
    private readonly onChange: () => void,
  ) {
    const backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.client = new Redis(opts.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: opts.connectTimeoutMs,
      commandTimeout: opts.commandTimeoutMs,
      // How long disconnect() keeps a timer waiting for a socket to close: ioredis arms it even for
      // a socket that already failed, which would hold the process open for the default 2 s.
      disconnectTimeout: 200,
      retryStrategy: (times) => backoffDelay(times - 1, backoff),
      ...(opts.keyPrefix ? { keyPrefix: opts.keyPrefix } : {}),
      ...(opts.connectionName ? { connectionName: `${opts.connectionName}:${role}` } : {}),
    });
    this.client.on('ready', () => this.set('up'));
    this.client.on('error', (err: Error) => {
      this.lastError = redact(err.message);
    });
    this.client.on('close', () => this.set('down'));
    this.client.on('reconnecting', () => this.set('down'));
    this.client.on('end', () => this.set('down'));
  }

  get status(): DependencyStatus {
    return this.state;
  }

  get detail(): string | undefined {
    if (this.state === 'up') return undefined;
    return `${this.role} connection ${this.state === 'starting' ? 'connecting' : 'lost'}${this.lastError ? `: ${this.lastError}` : ''}`;
  }

  /** Starts connecting; a failed first attempt is retried like any later disconnection. */
  start(): void {
    this.client.connect().catch(() => undefined);
  }

  /** Drops the socket so ioredis reconnects (used when a probe finds a half-open link). */
  reconnect(reason: string): void {
    this.lastError = reason;
    this.client.disconnect(true);
  }

  async close(): Promise<void> {
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => undefined);
    }
    this.client.disconnect();
    this.set('down');
  }

  private set(state: DependencyStatus): void {
    if (state === 'up') this.lastError = undefined;
    if (this.state === state) return;
    this.state = state;
    this.onChange();
  }
}

function redact(message: string): string {
  return message.replace(/\/\/[^@/\s]*@/g, '//***@');
}
