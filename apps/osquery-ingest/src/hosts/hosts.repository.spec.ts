import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '@flotilla/platform-db';
import { describeHostsRepositoryContract } from './hosts-repository.contract';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-ingest-hosts-'));
let db: Database | undefined;

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describeHostsRepositoryContract('SQLite', async () => {
  db = new Database({ dialect: 'sqlite', sqlitePath: join(dir, 'flotilla.sqlite'), autoMigrate: true });
  await db.start();
  await db.ready(5_000);
  return db;
});
