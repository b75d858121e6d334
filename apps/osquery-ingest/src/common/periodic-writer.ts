import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OneAtATime } from '@flotilla/platform-server';

/**
 * A writer that queues in memory and writes the queue every `flushIntervalMs` and at shutdown,
 * one write at a time (a flush asked for during a write runs after it). Subclasses queue in
 * their own shape and implement `writeOnce`, which takes whatever is queued at that moment.
 */
export abstract class PeriodicWriter implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private readonly writes = new OneAtATime();

  protected abstract get flushIntervalMs(): number;
  protected abstract writeOnce(): Promise<void>;

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), this.flushIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** Writes everything queued so far (resolves when it is stored). */
  flush(): Promise<void> {
    return this.writes.run(() => this.writeOnce());
  }
}
