import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, SessionEntity } from '@flotilla/platform-db';
import { createLogger } from '@flotilla/platform-logging';
import { createConnection } from 'mysql2/promise';
import { hashApiToken } from './api-token';
import { BOOTSTRAP_TOKEN_FILE, BootstrapTokenService } from './bootstrap-token.service';
import { SessionsRepository } from './sessions.repository';

const NAME = `flotilla_test_sessions_${randomBytes(4).toString('hex')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-bootstrap-'));
const logger = createLogger({ level: 'silent', base: {} });
let db: Database;

/** Two api-gateway replicas sharing one MySQL database. */
const replicas = (bootstrapApiToken?: string) =>
  [0, 1].map(() => new BootstrapTokenService(new SessionsRepository(db), db, { dataDir, sessionDurationMs: 86_400_000, loginRateLimitPerMinute: 10, passwordResetRateLimitPerHour: 10, liveQueryRestPeriodMs: 25_000, ...(bootstrapApiToken ? { bootstrapApiToken } : {}) }, logger, { readiness: [] }));

beforeAll(async () => {
  db = new Database({ dialect: 'mysql', url: `mysql://root@127.0.0.1:3306/${NAME}`, autoMigrate: true });
  await db.start();
  await db.ready(10_000);
});

beforeEach(async () => {
  await db.manager.clear(SessionEntity);
});

afterAll(async () => {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
  const admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`DROP DATABASE IF EXISTS \`${NAME}\``);
  await admin.end();
});

describe('bootstrap token on MySQL/MariaDB', () => {
  it('installs one env token when replicas race (the duplicate key is ignored)', async () => {
    const token = 'e'.repeat(40);
    const outcomes = await Promise.all(replicas(token).map((r) => r.ensure()));
    expect(outcomes.filter((o) => o === 'created-from-env')).toHaveLength(1);
    expect(await db.manager.find(SessionEntity)).toEqual([expect.objectContaining({ tokenHash: hashApiToken(token), name: 'bootstrap', apiOnly: true, userId: null })]);
  });

  it('keeps one generated token when replicas race, and its file matches the row', async () => {
    const outcomes = await Promise.all(replicas().map((r) => r.ensure()));
    expect(outcomes.filter((o) => o === 'created-to-file')).toHaveLength(1);
    const rows = await db.manager.find(SessionEntity);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(hashApiToken(readFileSync(join(dataDir, BOOTSTRAP_TOKEN_FILE), 'utf8').trim()));
  });
});
