import type { DependencyHealth, HealthReporter, ManagedDependency } from '@flotilla/platform-health';
import type { Logger } from '@flotilla/platform-logging';
import { whenReady } from '../bus/when-ready';

export interface StartupTaskOptions {
  /** Reported on /healthz while the task has not succeeded (e.g. `enroll-secrets`). */
  name: string;
  /** The service that owns it. */
  kind: string;
  /** Waited for before each attempt (usually the database). */
  dependsOn: ManagedDependency;
  run: () => Promise<void>;
  logger: Logger;
  retryMs?: number;
}

/**
 * Work a feature must finish before it can serve (seed a secret, load a cache), retried until it
 * succeeds — its dependency may be down, or another service may not have migrated the schema
 * yet. Until then it reports `starting` on /healthz (add it to `ctx.readiness`), so a load
 * balancer keeps traffic away.
 */
export class StartupTask implements HealthReporter {
  private done = false;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(private readonly opts: StartupTaskOptions) {}

  health(): DependencyHealth {
    return { name: this.opts.name, kind: this.opts.kind, status: this.done ? 'up' : 'starting' };
  }

  start(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(): Promise<void> {
    for (let attempt = 0; await whenReady(this.opts.dependsOn, () => this.stopped); attempt++) {
      try {
        await this.opts.run();
        this.done = true;
        return;
      } catch (err) {
        if (attempt % 10 === 0) this.opts.logger.warn({ err, task: this.opts.name }, 'startup task not done yet; retrying');
        await new Promise((r) => setTimeout(r, this.opts.retryMs ?? 1_000).unref());
      }
    }
  }
}
