import { DependencyUnavailableError } from '@flotilla/platform-errors';
import { Database } from '../database';
import type { DatabaseOptions } from '../database.options';
import { AppConfigEntity } from '../entities';
import { ALL_MIGRATIONS } from '../migrations';
import { AppConfigRepository } from '../repositories/app-config.repository';

/** Names of ALL_MIGRATIONS in the order they must apply. */
function migrationNames(): string[] {
  return ALL_MIGRATIONS.map((M) => new M().name ?? M.name);
}

async function revertAll(db: Database): Promise<string[]> {
  const reverted: string[] = [];
  for (let name = await db.migrator.revertLast(); name !== null; name = await db.migrator.revertLast()) reverted.push(name);
  return reverted;
}

async function hasTable(db: Database, table: string): Promise<boolean> {
  const runner = db.dataSource.createQueryRunner();
  try {
    return await runner.hasTable(table);
  } finally {
    await runner.release();
  }
}

/** ~1 MB of JSON: a long string plus many small objects. */
function largeDocument(): Record<string, unknown> {
  const items = Array.from({ length: 5_000 }, (_, i) => ({ id: i, name: `host-${i}`, tags: ['a', 'ß', '✓'] }));
  return { blob: 'x'.repeat(800_000), items };
}

const UNICODE_DOCUMENT: Record<string, unknown> = {
  org_info: { org_name: 'Ünïcødé Örg 日本語 中文 한국어', org_logo_url: 'https://example.com/logo.png' },
  emoji: '🚀👩‍💻🏳️‍🌈',
  rtl: 'مرحبا بالعالم',
  combining: 'e\u0301 a\u0308',
  quotes: 'single \' double " backslash \\ newline \n tab \t nul \u0000',
  numbers: [0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER],
  flags: { enabled: true, disabled: false, nothing: null },
};

/**
 * The behaviour every Database dialect must share. `makeOptions` returns options for the
 * same (initially empty) database on every call; the caller creates and removes it.
 */
export function describeDbContract(name: string, makeOptions: () => DatabaseOptions | Promise<DatabaseOptions>): void {
  describe(`Database contract: ${name}`, () => {
    let db: Database;

    beforeAll(async () => {
      db = new Database(await makeOptions());
    });

    afterAll(async () => {
      await db.close();
    });

    it('reports starting and refuses access before start', () => {
      expect(db.health()).toMatchObject({ name: 'db', kind: db.dialect, status: 'starting' });
      expect(() => db.dataSource).toThrow(DependencyUnavailableError);
    });

    it('starts, becomes ready and reports up', async () => {
      await db.start();
      await db.ready(20_000);
      expect(db.health()).toEqual({ name: 'db', kind: db.dialect, status: 'up' });
      expect(await db.dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });

    describe('migrations', () => {
      it('lists every migration as pending on an empty database', async () => {
        const status = await db.migrator.status();
        expect(status.map((m) => m.name)).toEqual(migrationNames());
        expect(status.every((m) => !m.applied)).toBe(true);
        expect(await hasTable(db, 'app_config')).toBe(false);
      });

      it('applies every migration from empty, in order', async () => {
        expect(await db.migrator.runPending()).toEqual(migrationNames());
        expect((await db.migrator.status()).every((m) => m.applied)).toBe(true);
        expect(await hasTable(db, 'app_config')).toBe(true);
      });

      it('is idempotent: a second run applies nothing', async () => {
        expect(await db.migrator.runPending()).toEqual([]);
      });

      it('produces exactly the schema the entities describe', async () => {
        const sql = await db.dataSource.driver.createSchemaBuilder().log();
        expect(sql.upQueries.map((q) => q.query)).toEqual([]);
      });

      it('reverts the last migration, then re-applies it', async () => {
        const names = migrationNames();
        const last = names[names.length - 1];
        expect(await db.migrator.revertLast()).toBe(last);
        const status = await db.migrator.status();
        expect(status.filter((m) => !m.applied).map((m) => m.name)).toEqual([last]);
        expect(await db.migrator.runPending()).toEqual([last]);
      });

      it('reverts everything down to an empty schema and rebuilds it', async () => {
        expect(await revertAll(db)).toEqual([...migrationNames()].reverse());
        expect(await db.migrator.revertLast()).toBeNull();
        expect(await hasTable(db, 'app_config')).toBe(false);
        expect(await db.migrator.runPending()).toEqual(migrationNames());
      });

      it('runs pending migrations by itself when autoMigrate is set', async () => {
        await revertAll(db);
        const auto = new Database({ ...(await makeOptions()), autoMigrate: true });
        try {
          await auto.start();
          await auto.ready(20_000);
          expect((await auto.migrator.status()).every((m) => m.applied)).toBe(true);
          expect(await db.migrator.runPending()).toEqual([]);
        } finally {
          await auto.close();
        }
      });
    });

    describe('app_config repository', () => {
      let repo: AppConfigRepository;

      beforeAll(async () => {
        await db.migrator.runPending();
        repo = new AppConfigRepository(db);
      });

      beforeEach(async () => {
        await db.manager.clear(AppConfigEntity);
      });

      it('returns null before anything is stored', async () => {
        expect(await repo.get()).toBeNull();
      });

      it('round-trips a document', async () => {
        const doc = { server_settings: { server_url: 'https://fleet.example.com', live_query_disabled: false }, features: { enable_host_users: true } };
        await repo.put(doc);
        expect(await repo.get()).toEqual(doc);
      });

      it('round-trips unicode (4-byte characters, RTL, combining marks, escapes)', async () => {
        await repo.put(UNICODE_DOCUMENT);
        expect(await repo.get()).toEqual(UNICODE_DOCUMENT);
      });

      it('round-trips a ~1 MB document', async () => {
        const doc = largeDocument();
        expect(JSON.stringify(doc).length).toBeGreaterThan(1_000_000);
        await repo.put(doc);
        expect(await repo.get()).toEqual(doc);
      });

      it('replaces the whole document on put, keeping one row and its created_at', async () => {
        await repo.put({ a: 1, b: { c: 2 } });
        const first = await db.manager.findOneByOrFail(AppConfigEntity, { id: 1 });
        await repo.put({ b: { d: 3 } });
        expect(await repo.get()).toEqual({ b: { d: 3 } });
        const rows = await db.manager.find(AppConfigEntity);
        expect(rows).toHaveLength(1);
        expect(rows[0]?.createdAt.getTime()).toBe(first.createdAt.getTime());
      });

      it('stamps created_at/updated_at in UTC', async () => {
        await repo.put({ a: 1 });
        const row = await db.manager.findOneByOrFail(AppConfigEntity, { id: 1 });
        expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(120_000);
        expect(Math.abs(row.updatedAt.getTime() - Date.now())).toBeLessThan(120_000);
      });
    });

    describe('transactions', () => {
      beforeEach(async () => {
        await db.manager.clear(AppConfigEntity);
      });

      it('commits and returns the callback value', async () => {
        const result = await db.transaction(async (manager) => {
          await new AppConfigRepository({ manager }).put({ committed: true });
          return 42;
        });
        expect(result).toBe(42);
        expect(await new AppConfigRepository(db).get()).toEqual({ committed: true });
      });

      it('rolls back and leaves nothing behind when the callback throws', async () => {
        await expect(
          db.transaction(async (manager) => {
            const inside = new AppConfigRepository({ manager });
            await inside.put({ doomed: true });
            expect(await inside.get()).toEqual({ doomed: true });
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await new AppConfigRepository(db).get()).toBeNull();
        expect(await db.manager.count(AppConfigEntity)).toBe(0);
      });
    });

    it('is no longer up after close, and refuses access', async () => {
      await db.close();
      expect(db.health().status).not.toBe('up');
      expect(() => db.dataSource).toThrow(DependencyUnavailableError);
      await expect(db.transaction(async () => 1)).rejects.toBeInstanceOf(DependencyUnavailableError);
      await expect(db.ready(100)).rejects.toBeInstanceOf(DependencyUnavailableError);
    });
  });
}
