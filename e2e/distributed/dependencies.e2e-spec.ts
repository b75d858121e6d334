import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { deleteNamespacedStreams, DIST, freePort, SpawnedProcess, spawnNode, TcpProxy, waitFor } from '@flotilla/testing';

interface Health {
  status: string;
  down: string[];
}

/**
 * One service process (osquery-ingest: bus, db, cache, storage) whose MariaDB, Redis and NATS
 * connections pass through TCP proxies the test can cut: it must start while they are down,
 * report 503 naming them, never exit, and recover by itself when they return.
 */
describe('dependencies down and back (distributed)', () => {
  const proxies: Record<'db' | 'cache' | 'bus', TcpProxy | undefined> = { db: undefined, cache: undefined, bus: undefined };
  let service: SpawnedProcess;
  let port: number;
  const runId = randomBytes(4).toString('hex');
  const database = `flotilla_e2e_dep_${runId}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-dep-'));

  async function health(): Promise<{ code: number; body: Health }> {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { code: res.status, body: (await res.json()) as Health };
  }

  beforeAll(async () => {
    // Start each proxy once to learn its port, then cut it: the service starts with all three down.
    proxies.db = new TcpProxy('127.0.0.1', 3306);
    proxies.cache = new TcpProxy('127.0.0.1', 6379);
    proxies.bus = new TcpProxy('127.0.0.1', 4222);
    for (const p of Object.values(proxies)) {
      await p?.start();
      await p?.stop();
    }
    port = await freePort();
    service = spawnNode(join(DIST, 'apps/osquery-ingest/src/main.js'), {
      ...process.env,
      PORT: String(port),
      FLOTILLA_DATA_DIR: dataDir,
      MYSQL_URL: `mysql://root@127.0.0.1:${proxies.db.port}/${database}`,
      REDIS_URL: `redis://127.0.0.1:${proxies.cache.port}`,
      NATS_URL: `nats://127.0.0.1:${proxies.bus.port}`,
      NATS_SUBJECT_PREFIX: `e2e-dep-${runId}`,
      DB_AUTO_MIGRATE: 'true',
    });
  });

  afterAll(async () => {
    await service?.stop();
    await Promise.all(Object.values(proxies).map((p) => p?.stop()));
    rmSync(dataDir, { recursive: true, force: true });
    const conn = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.end();
    await deleteNamespacedStreams(`e2e-dep-${runId}`);
  });

  it('starts while MariaDB, Redis and NATS are unreachable and says so', async () => {
    const h = await waitFor(async () => (await health()).body, { timeoutMs: 30_000, what: 'service answering /healthz' });
    expect((await health()).code).toBe(503);
    // …and what cannot be loaded without the database (enroll secrets, the label/policy catalog,
    // host config sources, the saved queries reports are kept for) is not ready either.
    expect([...h.down].sort()).toEqual(['bus', 'cache', 'db', 'enroll-secrets', 'host-config', 'query-catalog', 'saved-queries']);
    expect(service.child.exitCode).toBeNull();
  });

  it('becomes healthy by itself once they come up', async () => {
    await Promise.all(Object.values(proxies).map((p) => p?.start()));
    await waitFor(async () => (await health()).code === 200, { timeoutMs: 30_000, what: '/healthz 200' });
  });

  it.each(['db', 'cache', 'bus'] as const)('reports losing %s while running, then recovers', async (name) => {
    await proxies[name]?.stop();
    const h = await waitFor(
      async () => {
        const r = await health();
        return r.code === 503 ? r.body : undefined;
      },
      { timeoutMs: 15_000, what: `/healthz 503 naming ${name}` },
    );
    expect(h.down).toEqual([name]);
    expect(service.child.exitCode).toBeNull();
    await proxies[name]?.start();
    await waitFor(async () => (await health()).code === 200, { timeoutMs: 30_000, what: '/healthz 200 again' });
  });
});
