import type { BackoffOptions } from '@flotilla/platform-health';
import type { MigrationInterface } from 'typeorm';

export type DatabaseDialect = 'mysql' | 'sqlite';

/** The subset of a structured logger (pino-compatible) the database writes to. */
export interface DbLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A TypeORM entity class (decorated with `@Entity`). */
export type EntityClass = new () => object;

/** A migration class with a no-argument constructor (TypeORM instantiates it). */
export type MigrationClass = new () => MigrationInterface;

export interface DatabaseOptions {
  dialect: DatabaseDialect;
  /** MySQL/MariaDB: `mysql://user:pass@host:port/db`. The database is created if missing. */
  url?: string;
  /** SQLite: a file path (its parent directory is created) or `:memory:`. */
  sqlitePath?: string;
  /** Run pending migrations each time a connection is (re-)established. */
  autoMigrate?: boolean;
  logger?: DbLogger;
  /** Called once per statement sent to the database (e.g. a `db_queries_total` counter). */
  onQuery?: () => void;
  /** Defaults to ALL_ENTITIES / ALL_MIGRATIONS. */
  entities?: readonly EntityClass[];
  migrations?: readonly MigrationClass[];
  /** Retry schedule while the database is unreachable. */
  backoff?: BackoffOptions;
  /** How often `SELECT 1` runs once connected (default 2000 ms). */
  probeIntervalMs?: number;
  /** A probe slower than this counts as the database being down (default 2000 ms). */
  probeTimeoutMs?: number;
  /** MySQL pool size (default 10). */
  poolSize?: number;
  /** MySQL TCP connect timeout (default 5000 ms). */
  connectTimeoutMs?: number;
}
