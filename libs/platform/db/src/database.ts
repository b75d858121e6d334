import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import { DependencyHealth, DependencyStatus, KeepConnected, ManagedDependency } from '@flotilla/platform-health';
import type BetterSqlite3 from 'better-sqlite3';
import { createConnection, type Connection as MysqlConnection } from 'mysql2/promise';
import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';
import { isConnectionError } from './connection-errors';
import type { DatabaseDialect, DatabaseOptions, EntityClass, MigrationClass } from './database.options';
import { ALL_ENTITIES } from './entities';
import { ALL_MIGRATIONS } from './migrations';
import { ensureMysqlDatabase, utcMysqlDriver } from './mysql-bootstrap';
import { describeMysqlTarget, MysqlTarget, parseMysqlUrl, redactUrl } from './mysql-url';
import { SchemaMigrator } from './schema.migrator';
import { TypeormLogAdapter } from './typeorm-log.adapter';

export const MIGRATIONS_TABLE = 'schema_migrations';
const DB = 'db';

/**
 * The relational database (DESIGN.md "Data"): MySQL/MariaDB in distributed mode, a SQLite
 * file in standalone mode, behind one TypeORM DataSource. `start()` never throws because
 * the database is down: it keeps connecting with backoff, probes `SELECT 1`, reports
 * health, and recovers by itself. While it is not up, `dataSource`/`manager`/`transaction`
 * throw DependencyUnavailableError (503).
 */
export class Database implements ManagedDependency {
  private keeper: KeepConnected;
  private ds: DataSource | undefined;
  private probeConn: MysqlConnection | undefined;
  private closed = false;
  private started = false;
  private readonly mysqlTarget: MysqlTarget | undefined;
  private readonly sqlitePath: string | undefined;
  private readonly entities: readonly EntityClass[];
  private readonly migrations: readonly MigrationClass[];

  constructor(private readonly options: DatabaseOptions) {
    if (options.dialect === 'mysql') {
      if (!options.url) throw new Error('db: dialect mysql needs a url (mysql://user:pass@host:port/db)');
      this.mysqlTarget = parseMysqlUrl(options.url);
    } else if (options.dialect === 'sqlite') {
      if (!options.sqlitePath) throw new Error("db: dialect sqlite needs sqlitePath (a file path or ':memory:')");
      this.sqlitePath = options.sqlitePath === ':memory:' ? ':memory:' : resolve(options.sqlitePath);
    } else {
      throw new Error(`db: unknown dialect ${String((options as { dialect: unknown }).dialect)}`);
    }
    this.entities = options.entities ?? ALL_ENTITIES;
    this.migrations = options.migrations ?? ALL_MIGRATIONS;
    this.keeper = this.newKeeper();
  }

  get dialect(): DatabaseDialect {
    return this.options.dialect;
  }

  /** Where it connects, without any password: `mysql://root@127.0.0.1:3306/flotilla` or the SQLite path. */
  get target(): string {
    return this.mysqlTarget ? describeMysqlTarget(this.mysqlTarget) : `sqlite:${this.sqlitePath ?? ''}`;
  }

  async start(): Promise<void> {
    if (this.started && !this.closed) return;
    if (this.closed) this.keeper = this.newKeeper();
    this.closed = false;
    this.started = true;
    await this.keeper.start();
  }

  ready(timeoutMs?: number): Promise<void> {
    if (this.closed) return Promise.reject(new DependencyUnavailableError(DB));
    return this.keeper.ready(timeoutMs);
  }

  health(): DependencyHealth {
    if (this.closed) return { name: DB, kind: this.dialect, status: 'down', detail: 'closed' };
    const health = this.keeper.health();
    return health.detail === undefined ? health : { ...health, detail: this.scrub(health.detail) };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.keeper.close();
    await this.disconnect();
  }

  /** The connected DataSource; throws DependencyUnavailableError while the database is not up. */
  get dataSource(): DataSource {
    if (this.closed || !this.ds || !this.keeper.isUp()) throw new DependencyUnavailableError(DB);
    return this.ds;
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * Runs `fn` in a transaction; connection failures surface as DependencyUnavailableError and
   * trigger a re-probe. `readCommitted` runs it at READ COMMITTED on MySQL/MariaDB, where a
   * locking read of a row that does not exist then takes no gap lock (concurrent inserts of
   * different new rows cannot deadlock); SQLite serialises writers and ignores it.
   */
  async transaction<T>(fn: (manager: EntityManager) => Promise<T>, options: { readCommitted?: boolean } = {}): Promise<T> {
    const ds = this.dataSource;
    try {
      return await (options.readCommitted && ds.options.type !== 'better-sqlite3' ? ds.transaction('READ COMMITTED', fn) : ds.transaction(fn));
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      this.keeper.markDown(err);
      throw new DependencyUnavailableError(DB, err);
    }
  }

  /** Run, revert and list migrations on the connected database. */
  get migrator(): SchemaMigrator {
    return new SchemaMigrator(this.dataSource);
  }

  private newKeeper(): KeepConnected {
    return new KeepConnected({
      name: DB,
      kind: this.dialect,
      connect: () => this.connect(),
      probe: () => this.probe(),
      disconnect: () => this.disconnect(),
      onStatus: (status, detail) => this.logStatus(status, detail),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      probeIntervalMs: this.options.probeIntervalMs ?? 2_000,
      // The probe enforces its own timeout (and drops the stuck connection) first.
      probeTimeoutMs: (this.options.probeTimeoutMs ?? 2_000) + 500,
    });
  }

  private async connect(): Promise<void> {
    const ds = new DataSource(await this.dataSourceOptions());
    try {
      await ds.initialize();
      if (this.options.autoMigrate) {
        const applied = await new SchemaMigrator(ds).runPending();
        if (applied.length > 0) this.options.logger?.info(`db: applied ${applied.length} migration(s): ${applied.join(', ')}`);
      }
      if (this.closed) throw new Error('closed while connecting');
    } catch (err) {
      if (ds.isInitialized) await ds.destroy().catch(() => undefined);
      throw err;
    }
    this.ds = ds;
  }

  private async disconnect(): Promise<void> {
    const ds = this.ds;
    this.ds = undefined;
    this.dropProbeConnection();
    if (ds?.isInitialized) await ds.destroy();
  }

  private async probe(): Promise<void> {
    const ds = this.ds;
    if (!ds) throw new Error('not connected');
    if (this.dialect === 'sqlite') {
      await ds.query('SELECT 1');
      return;
    }
    // MySQL: a dedicated connection, so a busy pool cannot make the probe time out and a
    // lost server is noticed even while the pool is idle. Any failure drops the
    // connection (a half-open socket is never reused); the pool replaces its own dead
    // connections the same way. A reused connection that fails fast may merely have been
    // closed (KILL, idle timeout): confirm with a fresh one before reporting down.
    const timeoutMs = this.options.probeTimeoutMs ?? 2_000;
    const reused = this.probeConn !== undefined;
    try {
      await this.probeOnce(timeoutMs);
    } catch (err) {
      if (!reused || (err as { code?: unknown }).code === 'PROTOCOL_SEQUENCE_TIMEOUT') throw err;
      await this.probeOnce(timeoutMs);
    }
  }

  private async probeOnce(timeoutMs: number): Promise<void> {
    try {
      const conn = this.probeConn ?? (await this.openProbeConnection(timeoutMs));
      await conn.query({ sql: 'SELECT 1', timeout: timeoutMs });
    } catch (err) {
      this.dropProbeConnection();
      throw err;
    }
  }

  private async openProbeConnection(timeoutMs: number): Promise<MysqlConnection> {
    const target = this.requireMysqlTarget();
    const conn = await createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      connectTimeout: Math.max(timeoutMs, 1_000),
    });
    const forget = (): void => {
      if (this.probeConn === conn) this.probeConn = undefined;
    };
    conn.on('error', forget);
    conn.on('end', forget);
    if (this.closed) {
      conn.destroy();
      throw new Error('closed while connecting');
    }
    this.probeConn = conn;
    return conn;
  }

  private dropProbeConnection(): void {
    const conn = this.probeConn;
    this.probeConn = undefined;
    conn?.destroy();
  }

  private async dataSourceOptions(): Promise<DataSourceOptions> {
    const common = {
      entities: [...this.entities],
      migrations: [...this.migrations],
      migrationsTableName: MIGRATIONS_TABLE,
      logger: new TypeormLogAdapter(this.options.logger, this.options.onQuery),
    };
    if (this.dialect === 'sqlite') {
      const database = this.sqlitePath ?? ':memory:';
      if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
      return {
        ...common,
        type: 'better-sqlite3',
        database,
        enableWAL: database !== ':memory:',
        prepareDatabase: (db: BetterSqlite3.Database) => {
          db.pragma('foreign_keys = ON');
          // With WAL, NORMAL syncs at checkpoints instead of at every commit (better-sqlite3 runs
          // on the event loop, so each commit's fsync stalled every request): a committed
          // transaction survives a process crash and the file is never corrupted; only a power
          // loss or OS crash can drop the last commits. The in-process bus's stream storage
          // makes the same choice.
          db.pragma('synchronous = NORMAL');
        },
      };
    }
    const target = this.requireMysqlTarget();
    const connectTimeout = this.options.connectTimeoutMs ?? 5_000;
    const flavor = await ensureMysqlDatabase(target, connectTimeout);
    return {
      ...common,
      type: flavor,
      host: target.host,
      port: target.port,
      username: target.user,
      ...(target.password !== undefined ? { password: target.password } : {}),
      database: target.database,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      connectTimeout,
      poolSize: this.options.poolSize ?? 10,
      driver: utcMysqlDriver(),
    };
  }

  private requireMysqlTarget(): MysqlTarget {
    if (!this.mysqlTarget) throw new Error('db: not a MySQL database');
    return this.mysqlTarget;
  }

  private logStatus(status: DependencyStatus, detail: string | undefined): void {
    const logger = this.options.logger;
    if (!logger) return;
    if (status === 'up') logger.info(`db: up (${this.target})`);
    else logger.warn(`db: ${status} (${this.target})${detail ? `: ${this.scrub(detail)}` : ''}`);
  }

  /** Driver messages do not normally carry the password; make sure of it anyway. */
  private scrub(text: string): string {
    const password = this.mysqlTarget?.password;
    const redacted = redactUrl(text);
    return password && password.length >= 3 ? redacted.split(password).join('***') : redacted;
  }
}
