export type DependencyStatus = 'up' | 'down' | 'starting';

export interface DependencyHealth {
  /** `bus`, `db`, `cache`, `storage`. */
  name: string;
  /** The implementation behind it, e.g. `nats`, `in-process`, `mysql`, `sqlite`. */
  kind: string;
  status: DependencyStatus;
  /** Human-readable reason when not up. Never contains secrets. */
  detail?: string;
}

/** Every infrastructure client (bus, db, cache, storage) exposes this so /healthz can report it. */
export interface HealthReporter {
  health(): DependencyHealth | Promise<DependencyHealth>;
}

/** A client that connects in the background (retrying while the dependency is down) and can be closed. */
export interface ManagedDependency extends HealthReporter {
  /** Starts connecting; resolves immediately (never throws because the dependency is down). */
  start(): Promise<void>;
  /** Resolves once connected, or rejects after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}
