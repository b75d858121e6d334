import { connect, type NatsConnection } from '@nats-io/transport-node';
import { backoffDelay, DEFAULT_BACKOFF, type DependencyHealth, type DependencyStatus } from '@flotilla/platform-health';
import { BusError } from './bus.errors';
import type { BusLogger, NatsBusOptions } from './bus.options';
import { errorMessage, redact } from './bus.wire';

/**
 * Owns the NATS connection: connects in the background with backoff until the first connection
 * succeeds (each attempt fails fast, so health can say *why* it is down and close() can stop it),
 * then lets the client reconnect by itself forever, following its status events for health.
 */
export class NatsConnectionManager {
  private status: DependencyStatus = 'starting';
  private detail: string | undefined;
  private nc: NatsConnection | undefined;
  private started = false;
  private closing = false;
  private attempt = 0;
  private cancelWait: (() => void) | undefined;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly opts: NatsBusOptions,
    private readonly logger: BusLogger,
    /** Runs after every (re)established connection from scratch: attach subscriptions. */
    private readonly onConnected: (nc: NatsConnection) => Promise<void>,
  ) {}

  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    void this.loop();
  }

  /** The connection, only while it is usable. */
  usable(): NatsConnection | undefined {
    return this.status === 'up' ? this.nc : undefined;
  }

  /** The connection whatever its state (for subscriptions, which the client restores on reconnect). */
  current(): NatsConnection | undefined {
    return this.nc;
  }

  health(): DependencyHealth {
    return { name: 'bus', kind: 'nats', status: this.status, ...(this.detail !== undefined ? { detail: this.detail } : {}) };
  }

  ready(timeoutMs: number): Promise<void> {
    if (this.status === 'up') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new BusError('unavailable', `NATS not ready after ${timeoutMs} ms: ${this.detail ?? this.status}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.cancelWait?.();
    const nc = this.nc;
    this.nc = undefined;
    this.setStatus('down', 'closed');
    if (nc && !nc.isClosed()) {
      await nc.drain().catch(async () => {
        await nc.close().catch(() => undefined);
      });
    }
  }

  private async loop(): Promise<void> {
    while (!this.closing) {
      try {
        const nc = await connect({
          servers: this.opts.servers,
          ...(this.opts.name !== undefined ? { name: this.opts.name } : {}),
          ...(this.opts.token !== undefined ? { token: this.opts.token } : {}),
          ...(this.opts.user !== undefined ? { user: this.opts.user } : {}),
          ...(this.opts.pass !== undefined ? { pass: this.opts.pass } : {}),
          timeout: this.opts.connectTimeoutMs ?? 2_000,
          waitOnFirstConnect: false,
          reconnect: true,
          maxReconnectAttempts: -1,
          reconnectTimeWait: this.opts.reconnectTimeWaitMs ?? 1_000,
          // nats.js otherwise builds an Error (a stack trace) for every request and JetStream
          // publish, in case it times out: ~7 % of osquery-ingest's CPU on the log path
          // (BENCHMARKS.md). Our BusError names the subject and operation instead.
          noAsyncTraces: true,
        });
        if (this.closing) {
          await nc.close();
          return;
        }
        this.nc = nc;
        this.attempt = 0;
        this.watch(nc);
        // Subscriptions first, so that `ready()` means they are in place.
        await this.onConnected(nc).catch((err: unknown) => this.logger.error('could not set up subscriptions', { error: errorMessage(err) }));
        if (this.nc === nc && !nc.isClosed()) this.setStatus('up');
        return;
      } catch (err) {
        if (this.closing) return;
        this.setStatus('down', redact(errorMessage(err)));
        await this.wait(backoffDelay(this.attempt++, this.opts.connectBackoff ?? DEFAULT_BACKOFF));
      }
    }
  }

  private watch(nc: NatsConnection): void {
    void (async () => {
      for await (const s of nc.status()) {
        if (this.nc !== nc) return;
        if (s.type === 'disconnect') this.setStatus('down', `disconnected from ${redact(s.server)}`);
        else if (s.type === 'reconnecting' && this.status === 'up') this.setStatus('down', 'reconnecting');
        else if (s.type === 'reconnect') this.setStatus('up');
        else if (s.type === 'error') this.logger.warn('NATS error', { error: redact(errorMessage(s.error)) });
      }
    })().catch(() => undefined);
    void nc.closed().then((err) => {
      if (this.closing || this.nc !== nc) return;
      // Only fatal errors (e.g. authorization) close a client that reconnects forever: start over.
      this.nc = undefined;
      this.setStatus('down', err ? redact(errorMessage(err)) : 'connection closed');
      void this.loop();
    });
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.cancelWait = done;
    });
  }

  private setStatus(status: DependencyStatus, detail?: string): void {
    if (!this.closing && status !== 'up' && (status !== this.status || detail !== this.detail)) {
      this.logger.warn('bus is not connected', { status, detail });
    }
    this.status = status;
    this.detail = detail;
    if (status === 'up') {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }
}
