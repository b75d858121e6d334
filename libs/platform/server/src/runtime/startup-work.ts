import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { HealthReporter, ManagedDependency } from '@flotilla/platform-health';
import type { Logger } from '@flotilla/platform-logging';
import { StartupTask } from './startup-task';

export interface StartupWorkOptions {
  /** Reported on /healthz until done (e.g. `enroll-secrets`). */
  name: string;
  /** The service that owns it. */
  kind: string;
  /** Waited for before each attempt (usually the database). */
  dependsOn: ManagedDependency;
  logger: Logger;
  /** The process's readiness list (`ctx.readiness`): the service is not ready until this is done. */
  readiness: HealthReporter[];
}

/**
 * A Nest provider whose `atStartup()` must succeed before the service is ready (seed a secret,
 * install builtin rows, load a cache): started in the background at application bootstrap,
 * retried until it succeeds (see StartupTask), stopped at shutdown.
 */
export abstract class StartupWork<T = void> implements OnApplicationBootstrap, OnApplicationShutdown {
  private outcome: T | undefined;
  private readonly startup: StartupTask;

  protected constructor(opts: StartupWorkOptions) {
    const { readiness, ...task } = opts;
    this.startup = new StartupTask({
      ...task,
      run: async () => {
        this.outcome = await this.atStartup();
      },
    });
    readiness.push(this.startup);
  }

  /** The work; thrown errors are retried. */
  protected abstract atStartup(): Promise<T>;

  onApplicationBootstrap(): void {
    void this.startup.start();
  }

  onApplicationShutdown(): void | Promise<void> {
    this.startup.stop();
  }

  /** Resolves once the work is done, with its outcome (tests, and callers that must wait). */
  async settled(): Promise<T | undefined> {
    await this.startup.start();
    return this.outcome;
  }
}
