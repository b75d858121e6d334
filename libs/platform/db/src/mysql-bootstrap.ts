import * as mysql from 'mysql2';
import { createConnection } from 'mysql2/promise';
import type { MysqlTarget } from './mysql-url';

export type MysqlFlavor = 'mysql' | 'mariadb';

/**
 * Connects without selecting a database, creates the target database if it is missing
 * (`utf8mb4`), and reports whether the server is MySQL or MariaDB (TypeORM maps a few
 * types, e.g. `json`, differently). Only issues CREATE DATABASE when the database does not
 * exist, so a user without the CREATE privilege works against a pre-created database.
 */
export async function ensureMysqlDatabase(target: MysqlTarget, connectTimeoutMs: number): Promise<MysqlFlavor> {
  const conn = await createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    connectTimeout: connectTimeoutMs,
  });
  try {
    const [versionRows] = await conn.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version');
    const version = String(versionRows[0]?.['version'] ?? '');
    const [schemaRows] = await conn.query<mysql.RowDataPacket[]>(
      'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [target.database],
    );
    if (schemaRows.length === 0) {
      // The name was validated by parseMysqlUrl ([A-Za-z0-9_$-]); backticks cannot occur.
      await conn.query(`CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    }
    return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end().catch(() => undefined);
  }
}

/** The shape of the `mysql2` module TypeORM uses (it only calls `createPool` for a single server). */
export interface MysqlDriverModule {
  createPool(options: mysql.PoolOptions): mysql.Pool;
}

/**
 * The `mysql2` module with a `createPool` that pins every new pooled connection's session
 * time zone to UTC before any other statement runs on it. Together with the driver option
 * `timezone: 'Z'` this keeps DATETIME values (including `CURRENT_TIMESTAMP(6)` defaults)
 * in UTC whatever the server's own time zone is, matching SQLite's `datetime('now')`.
 */
export function utcMysqlDriver(): MysqlDriverModule {
  return {
    ...mysql,
    createPool(options: mysql.PoolOptions): mysql.Pool {
      const pool = mysql.createPool(options);
      pool.on('connection', (connection) => {
        connection.query("SET time_zone = '+00:00'", (err) => {
          if (err) connection.destroy();
        });
      });
      return pool;
    },
  };
}
