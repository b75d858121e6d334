import { join } from 'node:path';
import { DependencyKind } from '@flotilla/domain';
import { Bus, InProcessBus, NamespacedBus, NatsBus } from '@flotilla/platform-bus';
import { Cache, MemoryCache, RedisCache } from '@flotilla/platform-cache';
import type { PlatformSettings } from '@flotilla/platform-config';
import { Database } from '@flotilla/platform-db';
import type { DependencyStatus } from '@flotilla/platform-health';
import type { Logger } from '@flotilla/platform-logging';
import type { MetricsRegistry } from '@flotilla/platform-metrics';
import { FolderStorage, ObjectStorage, S3Storage } from '@flotilla/platform-storage';
import { MeteredBus } from '../bus/metered-bus';
import type { PlatformDependencies } from './platform-context';

/** `(message, fields)` loggers, as the infrastructure clients take them, over pino's `(fields, message)`. */
function messageLogger(logger: Logger) {
  return {
    info: (message: string, fields?: Record<string, unknown>) => logger.info(fields ?? {}, message),
    warn: (message: string, fields?: Record<string, unknown>) => logger.warn(fields ?? {}, message),
    error: (message: string, fields?: Record<string, unknown>) => logger.error(fields ?? {}, message),
  };
}

function statusLogger(logger: Logger) {
  return (status: DependencyStatus, detail?: string) =>
    status === 'up' || detail === 'closed' ? logger.info({ status, detail }, `dependency ${detail ?? status}`) : logger.warn({ status, detail }, 'dependency not available');
}

/**
 * Picks each dependency's implementation for the run mode (DESIGN.md "Two ways to run"):
 * standalone → in-process bus, SQLite, memory cache, local folder; distributed → NATS, MySQL,
 * Redis, S3 (or a folder when STORAGE_BACKEND=folder). Only the kinds in `needed` are created.
 */
export function createDependencies(
  settings: PlatformSettings,
  needed: ReadonlySet<DependencyKind>,
  clientName: string,
  logger: Logger,
  metrics: MetricsRegistry,
): PlatformDependencies {
  const standalone = settings.mode === 'standalone';
  const log = (dependency: DependencyKind) => logger.child({ dependency });
  const deps: PlatformDependencies = {};
  if (needed.has('bus')) {
    const options = { logger: messageLogger(log('bus')) };
    const nats = (): Bus => new NatsBus({ ...options, servers: settings.bus.natsUrl ?? 'nats://127.0.0.1:4222', name: clientName });
    const prefix = settings.bus.subjectPrefix;
    // Standalone keeps durable streams on disk, as JetStream does: what /log acknowledged survives a restart.
    const bus: Bus = standalone ? new InProcessBus({ ...options, directory: join(settings.dataDir, 'streams') }) : prefix ? new NamespacedBus(nats(), prefix) : nats();
    deps.bus = new MeteredBus(bus, metrics);
  }
  if (needed.has('db')) {
    deps.db = new Database({ ...settings.db, logger: messageLogger(log('db')), onQuery: () => metrics.dbQueries.inc() });
  }
  if (needed.has('cache')) {
    const onHandlerError = (channel: string, err: unknown) => log('cache').error({ channel, err }, 'pub/sub handler failed');
    const redisUrl = standalone ? undefined : settings.cache.redisUrl;
    const cache: Cache = redisUrl
      ? new RedisCache({ url: redisUrl, keyPrefix: settings.cache.keyPrefix, onStatus: statusLogger(log('cache')), onHandlerError })
      : new MemoryCache({ onHandlerError });
    deps.cache = cache;
  }
  if (needed.has('storage')) {
    const s3 = settings.storage.s3;
    const storage: ObjectStorage = s3 ? new S3Storage(s3) : new FolderStorage({ root: settings.storage.folder ?? join(settings.dataDir, 'objects') });
    deps.storage = storage;
  }
  return deps;
}
