import type { Unsubscribe } from './cache';

interface Subscription {
  handler: (message: string) => void;
  active: boolean;
}

/**
 * In-process pub/sub with Redis semantics: a message reaches the handlers subscribed when it is
 * published, delivered asynchronously (never inside `publish`), in publish order, and never after
 * the handler's unsubscribe has resolved.
 */
export class MemoryPubSub {
  private readonly channels = new Map<string, Set<Subscription>>();

  constructor(private readonly onHandlerError: (channel: string, err: unknown) => void) {}

  publish(channel: string, message: string): void {
    const subs = this.channels.get(channel);
    if (!subs || subs.size === 0) return;
    const targets = [...subs];
    setImmediate(() => {
      for (const sub of targets) {
        if (!sub.active) continue;
        try {
          sub.handler(message);
        } catch (err) {
          this.onHandlerError(channel, err);
        }
      }
    });
  }

  subscribe(channel: string, handler: (message: string) => void): Unsubscribe {
    const sub: Subscription = { handler, active: true };
    let subs = this.channels.get(channel);
    if (!subs) {
      subs = new Set();
      this.channels.set(channel, subs);
    }
    subs.add(sub);
    return async () => {
      sub.active = false;
      const current = this.channels.get(channel);
      if (!current) return;
      current.delete(sub);
      if (current.size === 0) this.channels.delete(channel);
    };
  }

  clear(): void {
    for (const subs of this.channels.values()) for (const sub of subs) sub.active = false;
    this.channels.clear();
  }
}
