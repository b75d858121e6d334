import { randomBytes } from 'node:crypto';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { Database } from './database';
import type { DatabaseOptions, DbLogger } from './database.options';
import { describeDbContract } from './testing/db.contract';
import { TcpProxy } from '@flotilla/testing';

const HOST = '127.0.0.1';
const PORT = 3306;
const RUN = randomBytes(4).toString('hex');
const CONTRACT_DB = `flotilla_test_${RUN}`;
const FAST: Partial<DatabaseOptions> = { probeIntervalMs: 100, probeTimeoutMs: 1_000, backoff: { initialMs: 50, maxMs: 200, jitter: 0 } };

const created = new Set<string>();
function dbName(suffix: string): string {
  const name = `flotilla_test_${RUN}_${suffix}`;
  created.add(name);
  return name;
}
created.add(CONTRACT_DB);

let admin: Connection;

beforeAll(async () => {
  admin = await createConnection({ host: HOST, port: PORT, user: 'root' });
});

afterAll(async () => {
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
});

async function until(cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function capture(): DbLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

describeDbContract('mysql', () => ({ dialect: 'mysql', url: `mysql://root@${HOST}:${PORT}/${CONTRACT_DB}`, ...FAST }));

describe('Database (mysql specifics)', () => {
  it('creates the missing database as utf8mb4 and runs every session in UTC', async () => {
    const name = dbName('create');
    const db = new Database({ dialect: 'mysql', url: `mysql://root@${HOST}:${PORT}/${name}`, ...FAST });
    try {
      await db.start();
      await db.ready(10_000);
      const [rows] = await admin.query<RowDataPacket[]>(
        'SELECT DEFAULT_CHARACTER_SET_NAME AS cs FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
        [name],
      );
      expect(rows).toEqual([{ cs: 'utf8mb4' }]);
      expect(await db.dataSource.query('SELECT @@session.time_zone AS tz')).toEqual([{ tz: '+00:00' }]);
    } finally {
      await db.close();
    }
  });

  it('pointed at an unreachable port: start resolves, reports not up, refuses access', async () => {
    const db = new Database({ dialect: 'mysql', url: 'mysql://root@127.0.0.1:1/x', ...FAST });
    const started = Date.now();
    try {
      await expect(db.start()).resolves.toBeUndefined();
      await until(() => db.health().status === 'down', 2_000);
      expect(['down', 'starting']).toContain(db.health().status);
      expect(db.health()).toMatchObject({ name: 'db', kind: 'mysql' });
      expect(db.health().detail).toMatch(/ECONNREFUSED/);
      expect(() => db.dataSource).toThrow(DependencyUnavailableError);
      expect(() => db.manager).toThrow(DependencyUnavailableError);
      await expect(db.transaction(async () => 1)).rejects.toBeInstanceOf(DependencyUnavailableError);
      await expect(db.ready(200)).rejects.toThrow(/not ready/);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await db.close();
    }
  });

  it('never shows the password in health or logs', async () => {
    const password = 'S3cret-Passw0rd';
    const logger = capture();
    const db = new Database({ dialect: 'mysql', url: `mysql://root:${password}@${HOST}:${PORT}/${dbName('pw')}`, logger, ...FAST });
    try {
      await db.start();
      await until(() => db.health().status === 'down');
      expect(db.health().detail).toMatch(/Access denied/);
      expect(JSON.stringify(db.health())).not.toContain(password);
      expect(logger.lines.length).toBeGreaterThan(0);
      expect(logger.lines.join('\n')).not.toContain(password);
      expect(db.target).toBe(`mysql://root@${HOST}:${PORT}/flotilla_test_${RUN}_pw`);
    } finally {
      await db.close();
    }
  });

  it('goes down when the server goes away and recovers by itself when it returns', async () => {
    const proxy = new TcpProxy(HOST, PORT);
    const port = await proxy.start();
    const logger = capture();
    const db = new Database({ dialect: 'mysql', url: `mysql://root@127.0.0.1:${port}/${dbName('outage')}`, autoMigrate: true, logger, ...FAST });
    try {
      await db.start();
      await db.ready(10_000);
      expect(await db.dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);

      await proxy.stop();
      await until(() => db.health().status === 'down');
      expect(() => db.dataSource).toThrow(DependencyUnavailableError);

      await proxy.start(port);
      await db.ready(10_000);
      expect(db.health().status).toBe('up');
      expect(await db.dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(logger.lines.some((l) => l.includes('db: down'))).toBe(true);
      expect(logger.lines.filter((l) => l.includes('db: up'))).toHaveLength(2);
    } finally {
      await db.close();
      await proxy.stop();
    }
  });

  it('keeps working after the server kills its pooled connections', async () => {
    const name = dbName('killed');
    const logger = capture();
    const db = new Database({ dialect: 'mysql', url: `mysql://root@${HOST}:${PORT}/${name}`, logger, ...FAST });
    try {
      await db.start();
      await db.ready(10_000);
      await Promise.all([1, 2, 3].map(() => db.dataSource.query('SELECT SLEEP(0.05)')));
      const [procs] = await admin.query<RowDataPacket[]>('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ?', [name]);
      expect(procs.length).toBeGreaterThan(0);
      for (const p of procs) await admin.query('KILL ?', [p['id']]);
      await new Promise((r) => setTimeout(r, 300));
      expect(await db.dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      // The server itself never went away, so health must not have flapped.
      expect(db.health().status).toBe('up');
      expect(logger.lines.filter((l) => l.startsWith('db: down'))).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('serialises concurrent migrators so each migration applies once', async () => {
    const url = `mysql://root@${HOST}:${PORT}/${dbName('race')}`;
    const a = new Database({ dialect: 'mysql', url, ...FAST });
    const b = new Database({ dialect: 'mysql', url, ...FAST });
    try {
      await Promise.all([a.start(), b.start()]);
      await Promise.all([a.ready(10_000), b.ready(10_000)]);
      const [fromA, fromB] = await Promise.all([a.migrator.runPending(), b.migrator.runPending()]);
      expect([...fromA, ...fromB].sort()).toEqual((await a.migrator.status()).map((m) => m.name).sort());
      expect((await b.migrator.status()).every((m) => m.applied)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
