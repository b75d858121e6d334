import { DataSource, MigrationExecutor } from 'typeorm';

export interface MigrationState {
  name: string;
  /** Milliseconds since the epoch, from the class name's suffix. */
  timestamp: number;
  applied: boolean;
}

/** How long a second migrator waits for the first to finish (MySQL named lock). */
const LOCK_TIMEOUT_S = 300;

/**
 * Runs, reverts and lists the schema migrations of one connected DataSource. On MySQL the
 * work is serialised across processes with a named lock, so replicas that all start with
 * `autoMigrate` do not race (SQLite is single-process: standalone mode).
 */
export class SchemaMigrator {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies every pending migration (each in its own transaction); returns their names in order. */
  async runPending(): Promise<string[]> {
    return this.withLock(async () => {
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    });
  }

  /** Undoes the most recently applied migration; returns its name, or null if none was applied. */
  async revertLast(): Promise<string | null> {
    return this.withLock(async () => {
      const executed = await new MigrationExecutor(this.dataSource).getExecutedMigrations();
      const last = executed[0];
      if (!last) return null;
      await this.dataSource.undoLastMigration({ transaction: 'each' });
      return last.name;
    });
  }

  /** Every known migration (oldest first) with whether it is applied. */
  async status(): Promise<MigrationState[]> {
    const executor = new MigrationExecutor(this.dataSource);
    const executed = new Set((await executor.getExecutedMigrations()).map((m) => m.name));
    const known = this.dataSource.migrations
      .map((m) => {
        const name = m.name ?? m.constructor.name;
        return { name, timestamp: Number(name.slice(-13)), applied: executed.has(name) };
      })
      .sort((a, b) => a.timestamp - b.timestamp);
    return known;
  }

  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const type = this.dataSource.options.type;
    if (type !== 'mysql' && type !== 'mariadb') return fn();
    const runner = this.dataSource.createQueryRunner('master');
    const lockName = `flotilla_migrate:${String(this.dataSource.driver.database ?? '')}`.slice(0, 64);
    try {
      const rows: unknown = await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [lockName, LOCK_TIMEOUT_S]);
      const acquired = Array.isArray(rows) ? Number((rows[0] as { acquired?: unknown } | undefined)?.acquired) : 0;
      if (acquired !== 1) throw new Error(`another process held the migration lock for ${LOCK_TIMEOUT_S} s`);
      try {
        return await fn();
      } finally {
        await runner.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }
}
