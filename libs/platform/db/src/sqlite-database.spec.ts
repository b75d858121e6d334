import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from './database';
import { describeDbContract } from './testing/db.contract';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-db-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeDbContract('sqlite', () => ({ dialect: 'sqlite', sqlitePath: join(dir, 'contract', 'flotilla.sqlite'), probeIntervalMs: 200 }));

describe('Database (sqlite specifics)', () => {
  it('creates the parent directory and enables WAL and foreign keys', async () => {
    const path = join(dir, 'deeply', 'nested', 'data', 'flotilla.sqlite');
    const db = new Database({ dialect: 'sqlite', sqlitePath: path });
    try {
      await db.start();
      await db.ready(5_000);
      expect(statSync(path).isFile()).toBe(true);
      expect(await db.dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await db.dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('works in memory', async () => {
    const db = new Database({ dialect: 'sqlite', sqlitePath: ':memory:', autoMigrate: true });
    try {
      await db.start();
      await db.ready(5_000);
      expect(db.health()).toEqual({ name: 'db', kind: 'sqlite', status: 'up' });
      expect((await db.migrator.status()).every((m) => m.applied)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('reports down (without throwing from start) when the file cannot be opened', async () => {
    const blocker = join(dir, 'a-regular-file');
    writeFileSync(blocker, 'not a directory');
    const db = new Database({ dialect: 'sqlite', sqlitePath: join(blocker, 'flotilla.sqlite') });
    try {
      await expect(db.start()).resolves.toBeUndefined();
      await expect(db.ready(500)).rejects.toThrow(/db not ready/);
      expect(db.health().status).toBe('down');
    } finally {
      await db.close();
    }
  });

  it('rejects a configuration without a path', () => {
    expect(() => new Database({ dialect: 'sqlite' })).toThrow(/sqlitePath/);
  });
});
