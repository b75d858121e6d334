import type { ServiceName } from '@flotilla/domain';
import type { Bus } from '@flotilla/platform-bus';
import type { Cache } from '@flotilla/platform-cache';
import type { PlatformSettings, ServiceEnv } from '@flotilla/platform-config';
import type { Database } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import type { MetricsRegistry } from '@flotilla/platform-metrics';
import type { ObjectStorage } from '@flotilla/platform-storage';
import type { HealthReporter } from '@flotilla/platform-health';

export interface PlatformDependencies {
  bus?: Bus;
  db?: Database;
  cache?: Cache;
  storage?: ObjectStorage;
}

/** Everything a process shares between the service modules it hosts (one in distributed mode, all ten in standalone). */
export interface PlatformContext {
  settings: PlatformSettings;
  /** The parsed environment, including each hosted service's own keys (read them through the service's config accessor). */
  env: ServiceEnv;
  services: readonly ServiceName[];
  instance: string;
  startedAt: Date;
  logger: Logger;
  metrics: MetricsRegistry;
  deps: PlatformDependencies;
  /**
   * What a hosted feature needs before it can serve (e.g. enroll secrets loaded), reported on
   * /healthz beside the dependencies: a load balancer only routes to an instance that is ready.
   * Features add themselves at start.
   */
  readiness: HealthReporter[];
}
