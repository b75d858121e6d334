import type { Msg, Subscription } from '@nats-io/transport-node';
import { InFlightTracker } from './in-flight.tracker';
import type { NatsAttachable, NatsSession } from './nats-session';

/**
 * A core NATS subscription (request handler or event subscriber). Messages are handled
 * concurrently, as NATS delivers them; the client re-subscribes by itself after a reconnect.
 */
export class NatsCoreSubscription implements NatsAttachable {
  private sub: Subscription | undefined;
  private stopped = false;
  private readonly inFlight = new InFlightTracker();

  constructor(
    private readonly subject: string,
    private readonly queue: string | undefined,
    private readonly run: (msg: Msg) => Promise<void>,
    private readonly drainTimeoutMs: number,
  ) {}

  async attach({ nc, isUp }: NatsSession): Promise<void> {
    if (this.stopped) return;
    this.sub = nc.subscribe(this.subject, {
      ...(this.queue !== undefined ? { queue: this.queue } : {}),
      callback: (err, msg) => {
        if (err || this.stopped) return;
        void this.inFlight.run(() => this.run(msg));
      },
    });
    // Make sure the server knows the subscription before the caller relies on it (while
    // disconnected the client re-sends it on reconnect, and a flush would wait until then).
    if (isUp()) await nc.flush();
  }

  async detach(): Promise<void> {
    this.stopped = true;
    const sub = this.sub;
    this.sub = undefined;
    if (sub && !sub.isClosed()) sub.unsubscribe();
    await this.inFlight.idle(this.drainTimeoutMs);
  }
}
