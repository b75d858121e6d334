import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { SERVICE_DEPENDENCIES, SERVICE_NAMES, ServiceName } from '@flotilla/domain';
import { createLogger } from '@flotilla/platform-logging';
import { loadLauncherConfig, upstreamKey } from './config/edge.config';

/**
 * `npm run start:distributed`: every service as its own OS process (`node dist/apps/<app>/src/main.js`)
 * plus the edge, on one machine. Each service listens on its default port (or FLOTILLA_SERVICE_PORT_BASE + i);
 * the edge on PORT (8080).
 * A process that dies is restarted after FLOTILLA_RESTART_DELAY_MS (health shows it down meanwhile).
 * Services with a database run pending migrations at start (DB_AUTO_MIGRATE, serialised by a
 * database lock) unless told otherwise, so none waits on another for its schema.
 */
type Role = ServiceName | 'edge';

const config = loadLauncherConfig();
const logger = createLogger({ level: 'info', base: { service: 'launcher' }, sync: true });
const children = new Map<Role, ChildProcess>();
let stopping = false;

function entry(role: Role): string {
  return join(__dirname, '..', '..', role, 'src', 'main.js');
}

function envFor(role: Role): NodeJS.ProcessEnv {
  if (role === 'edge') {
    const upstreams = Object.fromEntries(SERVICE_NAMES.map((s) => [upstreamKey(s), config.env[upstreamKey(s)] ?? `http://127.0.0.1:${config.ports[s]}`]));
    return { ...config.env, ...upstreams };
  }
  return {
    ...config.env,
    PORT: String(config.ports[role]),
    ...(SERVICE_DEPENDENCIES[role].includes('db') && config.env['DB_AUTO_MIGRATE'] === undefined ? { DB_AUTO_MIGRATE: 'true' } : {}),
    // The edge on this machine forwards every request: believe its X-Forwarded-For.
    ...(config.env['FLOTILLA_TRUSTED_PROXIES'] === undefined ? { FLOTILLA_TRUSTED_PROXIES: '127.0.0.1,::1' } : {}),
  };
}

function start(role: Role): void {
  const child = spawn(process.execPath, ['--enable-source-maps', entry(role)], { env: envFor(role), stdio: 'inherit' });
  children.set(role, child);
  logger.info({ role, pid: child.pid }, 'started');
  child.on('exit', (code, signal) => {
    if (children.get(role) === child) children.delete(role);
    if (stopping) return;
    logger.error({ role, code, signal }, 'process exited');
    if (config.restart) {
      logger.info({ role, delayMs: config.restartDelayMs }, 'restarting after delay');
      setTimeout(() => {
        if (!stopping) start(role);
      }, config.restartDelayMs);
    }
  });
}

function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping all processes');
  for (const child of children.values()) child.kill('SIGTERM');
  const deadline = setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(0);
  }, 10_000);
  const poll = setInterval(() => {
    if (children.size === 0) {
      clearInterval(poll);
      clearTimeout(deadline);
      process.exit(0);
    }
  }, 100);
}

process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
for (const service of config.services) start(service);
start('edge');
