import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { SERVICE_NAMES } from '@flotilla/domain';
import { freePortRange } from './free-port';
import { deleteNamespacedStreams } from './nats-cleanup';
import { spawnNode, SpawnedProcess } from './node-process';
import { waitFor } from './wait-for';

export type RunMode = 'standalone' | 'distributed';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const DIST = join(REPO_ROOT, 'dist');

export interface Constellation {
  mode: RunMode;
  /** The one public URL (standalone listener or distributed edge). */
  baseUrl: string;
  /** Ports of each service process (distributed), in SERVICE_NAMES order from `servicePortBase`. */
  servicePortBase?: number;
  process: SpawnedProcess;
  env: NodeJS.ProcessEnv;
  /** FLOTILLA_DATA_DIR of every process (osquery logs land in `<dataDir>/logs`). */
  dataDir: string;
  output(): string;
  /** Starts the process again on the same data dir and env (after a kill), and waits for /healthz 200. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Processes started by startConstellation and not yet stopped (stopped by the e2e setup's afterAll, whatever happened). */
const live = new Set<() => Promise<void>>();

export async function stopAllConstellations(): Promise<void> {
  await Promise.allSettled([...live].map((stop) => stop()));
}

export interface ConstellationOptions {
  /** Extra env for every process. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for /healthz 200. */
  readyTimeoutMs?: number;
}

/** The run mode e2e suites target: FLOTILLA_E2E_MODE (default standalone). */
export function e2eMode(): RunMode {
  return process.env['FLOTILLA_E2E_MODE'] === 'distributed' ? 'distributed' : 'standalone';
}

/**
 * Starts Flotilla exactly as users do — `node dist/apps/standalone/src/main.js` or the distributed
 * launcher (every service as its own process + edge over the machine's NATS, MariaDB and Redis) — on free
 * ports, with its own data dir, database and Redis prefix, and waits until /healthz is 200.
 * Requires `npm run build` first (the e2e npm script does it).
 */
export async function startConstellation(mode: RunMode, opts: ConstellationOptions = {}): Promise<Constellation> {
  const port = await freePortRange(1);
  const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-e2e-'));
  const runId = randomBytes(4).toString('hex');
  const database = `flotilla_e2e_${runId}`;
  const base: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), FLOTILLA_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...opts.env };
  let env: NodeJS.ProcessEnv;
  let script: string;
  let servicePortBase: number | undefined;
  if (mode === 'standalone') {
    env = base;
    script = join(DIST, 'apps/standalone/src/main.js');
  } else {
    servicePortBase = await freePortRange(SERVICE_NAMES.length);
    env = {
      MYSQL_URL: `mysql://root@127.0.0.1:3306/${database}`,
      REDIS_KEY_PREFIX: `flotilla-e2e-${runId}:`,
      NATS_SUBJECT_PREFIX: `e2e-${runId}`,
      FLOTILLA_SERVICE_PORT_BASE: String(servicePortBase),
      FLOTILLA_RESTART_DELAY_MS: '3000',
      ...base,
    };
    script = join(DIST, 'apps/edge/src/launcher.js');
  }
  let proc = spawnNode(script, env);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    live.delete(stop);
    await proc.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (mode === 'distributed') {
      await dropDatabase(database);
      await deleteNamespacedStreams(`e2e-${runId}`);
    }
  };
  live.add(stop);
  const ready = async (): Promise<void> => {
    try {
      await waitFor(
        async () => {
          if (proc.child.exitCode !== null) throw new Error(`process exited with ${proc.child.exitCode}`);
          return (await fetch(`${baseUrl}/healthz`)).status === 200;
        },
        { timeoutMs: opts.readyTimeoutMs ?? 90_000, intervalMs: 250, what: `${mode} /healthz 200` },
      );
    } catch (err) {
      const output = proc.output();
      await stop();
      throw new Error(`${(err as Error).message}\n--- output ---\n${output.slice(-8_000)}`);
    }
  };
  await ready();
  const constellation: Constellation = {
    mode,
    baseUrl,
    ...(servicePortBase ? { servicePortBase } : {}),
    process: proc,
    env,
    dataDir,
    output: () => proc.output(),
    restart: async () => {
      await proc.stop();
      proc = spawnNode(script, env);
      constellation.process = proc;
      await ready();
    },
    stop,
  };
  return constellation;
}

async function dropDatabase(name: string): Promise<void> {
  const conn = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

/** The first admin an e2e suite creates with first-run setup. */
export interface E2eAdmin {
  name: string;
  email: string;
  password: string;
}

/** Runs first-run setup (`POST /api/v1/setup`) against a constellation; returns the admin's session token. */
export async function firstRunSetup(baseUrl: string, admin: E2eAdmin): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ admin: { admin: true, ...admin }, org_info: { org_name: 'E2E' }, server_url: baseUrl }),
  });
  if (res.status !== 200) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
