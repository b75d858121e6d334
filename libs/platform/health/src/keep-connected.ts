import { BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { DependencyHealth, DependencyStatus, ManagedDependency } from './dependency';

export interface KeepConnectedOptions {
  name: string;
  kind: string;
  /** Opens the connection; throws while the dependency is unreachable. */
  connect: () => Promise<void>;
  /** Cheap liveness probe once connected (e.g. `SELECT 1`, `PING`); throws when the dependency is lost. */
  probe: () => Promise<void>;
  /** Closes whatever `connect` opened. */
  disconnect: () => Promise<void>;
  /** Called on every status change, for logging. */
  onStatus?: (status: DependencyStatus, detail?: string) => void;
  backoff?: BackoffOptions;
  /** How often the probe runs while connected. */
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
}

/**
 * Generic connect-with-backoff + periodic probe loop used by clients whose driver does not
 * reconnect on its own (TypeORM) and to track health of those that do (NATS, Redis, S3).
 * Start never throws: the service comes up, reports `starting`/`down` on /healthz, and
 * recovers by itself when the dependency returns.
 */
export class KeepConnected implements ManagedDependency {
  private status: DependencyStatus = 'starting';
  private detail: string | undefined;
  private connected = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly opts: KeepConnectedOptions) {}

  async start(): Promise<void> {
    void this.loop();
  }

  ready(timeoutMs = 30_000): Promise<void> {
    if (this.status === 'up') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.opts.name} not ready after ${timeoutMs} ms: ${this.detail ?? this.status}`)), timeoutMs);
      timer.unref();
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  health(): DependencyHealth {
    return { name: this.opts.name, kind: this.opts.kind, status: this.status, ...(this.detail ? { detail: this.detail } : {}) };
  }

  isUp(): boolean {
    return this.status === 'up';
  }

  /** Report a failure observed by a caller (e.g. a query failed with a connection error). */
  markDown(err: unknown): void {
    if (this.closed || this.status === 'down') return;
    this.setStatus('down', describe(err));
    this.schedule(0);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.connected) {
      this.connected = false;
      await this.opts.disconnect().catch(() => undefined);
    }
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), delayMs);
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.connected) {
        await this.opts.connect();
        this.connected = true;
      }
      await withTimeout(this.opts.probe(), this.opts.probeTimeoutMs ?? 2_000);
      this.attempt = 0;
      if (this.status !== 'up') this.setStatus('up');
      this.schedule(this.opts.probeIntervalMs ?? 2_000);
    } catch (err) {
      if (this.closed) return;
      if (this.status !== 'down' || this.detail !== describe(err)) this.setStatus('down', describe(err));
      this.schedule(backoffDelay(this.attempt++, this.opts.backoff ?? DEFAULT_BACKOFF));
    }
  }

  private setStatus(status: DependencyStatus, detail?: string): void {
    this.status = status;
    this.detail = detail;
    this.opts.onStatus?.(status, detail);
    if (status === 'up') {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message.replace(/\/\/[^@/\s]*@/g, '//***@');
  return String(err);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`probe timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
