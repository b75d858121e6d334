// What the ingest benchmark sets up around the server under test, and cleans up after it: the
// scheduled report that gives simulated hosts Fleet's result-log traffic, and (distributed mode)
// the per-run database, NATS streams and Redis keys.
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { QUERIES_CHANGED } from '@flotilla/contracts';
import { NamespacedBus, NatsBus } from '@flotilla/platform-bus';
import { deleteNamespacedStreams, FleetApiClient } from '@flotilla/testing';

export const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root' } as const;
export const NATS_URL = 'nats://127.0.0.1:4222';
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A global saved query run on a schedule ("report"), its results shipped to the log destinations. */
export interface BenchReport {
  name: string;
  query: string;
  intervalS: number;
  /** Keep no stored report of the results (Fleet's "discard data"): logs only. */
  discardData: boolean;
}

const quiet = { warn: () => undefined, error: (message: string) => process.stderr.write(`[bench bus] ${message}\n`) };

/**
 * Distributed mode: the report is written as api-gateway would write it (a `queries` row), then
 * announced with the QUERIES_CHANGED event api-gateway publishes, on the run's NATS namespace.
 */
export async function createReportInDatabase(dbName: string, natsPrefix: string, report: BenchReport): Promise<number> {
  const conn = await createConnection({ ...MYSQL, database: dbName });
  let id: number;
  try {
    const [res] = await conn.execute(
      `INSERT INTO queries (team_id, team_key, name, description, query, author_id, observer_can_run, platform, min_osquery_version, schedule_interval, automations_enabled, logging_type, discard_data, saved)
       VALUES (NULL, 0, ?, 'ingest benchmark', ?, NULL, 0, '', '', ?, 1, 'snapshot', ?, 1)`,
      [report.name, report.query, report.intervalS, report.discardData ? 1 : 0],
    );
    id = (res as { insertId: number }).insertId;
  } finally {
    await conn.end();
  }
  const bus = new NamespacedBus(new NatsBus({ servers: NATS_URL, name: 'flotilla-ingest-bench', logger: quiet }), natsPrefix);
  await bus.start();
  try {
    await bus.ready(10_000);
    await bus.publish(QUERIES_CHANGED, { changedIds: [id], deletedIds: [] });
  } finally {
    await bus.close();
  }
  return id;
}

/** Standalone mode: through the admin API, as an admin would (first-run setup, then POST /queries). */
export async function createReportThroughApi(baseUrl: string, report: BenchReport): Promise<number> {
  const setup = await fetch(`${baseUrl}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ admin: { admin: true, email: 'bench@example.com', password: 'bench-password-1!', name: 'Bench' }, org_info: { org_name: 'Bench' }, server_url: baseUrl }),
  });
  if (setup.status !== 200) throw new Error(`setup → ${setup.status} ${await setup.text()}`);
  const { token } = (await setup.json()) as { token: string };
  const created = await new FleetApiClient(baseUrl, token).ok<{ query: { id: number } }>('POST', '/queries', {
    name: report.name,
    query: report.query,
    description: 'ingest benchmark',
    interval: report.intervalS,
    automations_enabled: true,
    logging: 'snapshot',
    discard_data: report.discardData,
  });
  return created.query.id;
}

/** Resolves once a host's config carries the report in its Global pack (osquery-ingest has reloaded). */
export async function waitForReportServed(baseUrl: string, nodeKey: string, report: BenchReport, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${baseUrl}/api/osquery/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ node_key: nodeKey }) });
    const config = (await res.json()) as { packs?: { Global?: { queries?: Record<string, unknown> } } };
    if (config.packs?.Global?.queries?.[report.name]) return;
    if (Date.now() > deadline) throw new Error(`the scheduled report was not served within ${timeoutMs} ms: ${JSON.stringify(config).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Drops the run's database, its NATS streams (`<PREFIX>_*`, with their consumers) and its Redis keys; returns what went wrong, if anything. */
export async function cleanUpDistributed(dbName: string, natsPrefix: string, redisPrefix: string): Promise<string[]> {
  const problems: string[] = [];
  try {
    const conn = await createConnection(MYSQL);
    await conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await conn.end();
  } catch (err) {
    problems.push(`database ${dbName}: ${(err as Error).message}`);
  }
  try {
    await deleteNamespacedStreams(natsPrefix, NATS_URL);
  } catch (err) {
    problems.push(`NATS streams ${natsPrefix}: ${(err as Error).message}`);
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch (err) {
    problems.push(`Redis keys ${redisPrefix}*: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
  return problems;
}
