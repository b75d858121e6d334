import { join } from 'node:path';
import { DIST, e2eMode, spawnNode } from '@flotilla/testing';

/** Bad configuration stops the process at start with every bad key named and no secret printed. */
const mode = e2eMode();
const entry = mode === 'standalone' ? join(DIST, 'apps/standalone/src/main.js') : join(DIST, 'apps/osquery-ingest/src/main.js');

describe(`configuration errors (${mode})`, () => {
  it('exits non-zero naming every bad key', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'eighty', LOG_LEVEL: 'loud', HTTP_BODY_LIMIT_BYTES: '-5' };
    if (mode === 'distributed') Object.assign(env, { MYSQL_URL: 'postgres://root:topsecret-pw@db/x', DB_AUTO_MIGRATE: 'perhaps' });
    const proc = spawnNode(entry, env);
    const { code } = await proc.exited;
    expect(code).toBe(1);
    const out = proc.output();
    for (const key of ['PORT', 'LOG_LEVEL', 'HTTP_BODY_LIMIT_BYTES']) expect(out).toContain(key);
    if (mode === 'distributed') {
      expect(out).toContain('MYSQL_URL');
      expect(out).toContain('DB_AUTO_MIGRATE');
    }
    expect(out).not.toContain('topsecret-pw');
    expect(out).not.toContain('eighty');
  });
});
