import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Database } from '../database';

/** The MySQL/MariaDB server specs run against (the CI machine's). */
const MYSQL_ROOT = { host: '127.0.0.1', port: 3306, user: 'root' };

export interface TestDatabase {
  /** Opens the database (fully migrated) once and returns it. */
  open(): Promise<Database>;
  /** Closes it and removes its files (SQLite) or drops it (MySQL). */
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database for a repository spec: SQLite in a temp folder, or a uniquely
 * named database on the local MySQL/MariaDB server (`label` names it).
 */
export function testDatabase(dialect: 'sqlite' | 'mysql', label: string): TestDatabase {
  let db: Database | undefined;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `flotilla-${label}-`));
    return {
      async open() {
        db ??= new Database({ dialect: 'sqlite', sqlitePath: join(dir, 'flotilla.sqlite'), autoMigrate: true });
        await db.start();
        await db.ready(5_000);
        return db;
      },
      async cleanup() {
        await db?.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `flotilla_test_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  return {
    async open() {
      db ??= new Database({ dialect: 'mysql', url: `mysql://root@127.0.0.1:3306/${name}`, autoMigrate: true });
      await db.start();
      await db.ready(10_000);
      return db;
    },
    async cleanup() {
      await db?.close();
      const admin = await createConnection(MYSQL_ROOT);
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}
