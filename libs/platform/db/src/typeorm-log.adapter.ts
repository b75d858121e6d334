import type { Logger } from 'typeorm';
import type { DbLogger } from './database.options';

/**
 * Routes TypeORM's own messages to the platform logger: migrations at info, driver warnings
 * (e.g. "connection raised an error") at warn. Queries, their parameters and their failures
 * are not logged here (parameters may hold secrets; failures reach the caller as errors).
 */
export class TypeormLogAdapter implements Logger {
  /** `onQuery` is called once per statement sent to the database (the `db_queries_total` counter). */
  constructor(
    private readonly logger: DbLogger | undefined,
    private readonly onQuery?: () => void,
  ) {}

  logQuery(): void {
    // Never logged (see class comment); only counted.
    this.onQuery?.();
  }

  logQueryError(): void {
    // Intentionally silent: the caller receives the error.
  }

  logQuerySlow(time: number): void {
    this.logger?.warn(`db: slow query (${time} ms)`);
  }

  logSchemaBuild(message: string): void {
    if (/reverted successfully/.test(message)) this.logger?.info(`db: ${message}`);
  }

  logMigration(message: string): void {
    this.logger?.info(`db: ${message}`);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = `db: ${String(message)}`;
    if (level === 'warn') this.logger?.warn(text);
  }
}
