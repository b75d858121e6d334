import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NatsStreamManager } from './nats-streams';

/** Everything a subscription needs from one established connection. */
export interface NatsSession {
  nc: NatsConnection;
  js: JetStreamClient;
  streams: NatsStreamManager;
  /** True while connected (not reconnecting). */
  isUp: () => boolean;
}

/** A subscription the NatsBus (re-)attaches whenever a connection is established. */
export interface NatsAttachable {
  /** Subscribes on `session`; failures are logged and retried by the subscription itself. */
  attach(session: NatsSession): Promise<void>;
  /** Stops delivery and lets in-flight handlers finish (bounded by the drain timeout). */
  detach(): Promise<void>;
}
