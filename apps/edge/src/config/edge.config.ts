import { SERVICE_DEFAULT_PORTS, SERVICE_NAMES, ServiceName } from '@flotilla/domain';
import { ConfigError, Env, envBool, envInt, envLogLevel, envPort, envUrl, parseConfig } from '@flotilla/platform-config';
import { z } from 'zod';

/** `API_GATEWAY_URL`, `OSQUERY_INGEST_URL`, …: where the edge finds each service. */
export const upstreamKey = (service: ServiceName) => `${service.toUpperCase().replace(/-/g, '_')}_URL`;

const upstreamKeys = Object.fromEntries(
  SERVICE_NAMES.map((s) => [upstreamKey(s), envUrl(['http', 'https'], `http://127.0.0.1:${SERVICE_DEFAULT_PORTS[s]}`)]),
);

/** The HTTP edge of distributed mode: one public listener routing to the owning service. */
export const EDGE_CONFIG = {
  schema: z.object({
    PORT: envPort(8080),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: envLogLevel(),
    FLOTILLA_TLS_CERT: z.string().min(1).optional(),
    FLOTILLA_TLS_KEY: z.string().min(1).optional(),
    /** Per-service health probe timeout used by the edge's /healthz. */
    EDGE_HEALTH_TIMEOUT_MS: envInt(1_500, 100, 30_000),
    /** Upstream request timeout (long enough for synchronous live queries). */
    EDGE_UPSTREAM_TIMEOUT_MS: envInt(120_000, 1_000),
    ...upstreamKeys,
  }),
  secrets: [] as string[],
};

export interface EdgeConfig {
  port: number;
  host: string;
  logLevel: string;
  tls?: { certFile: string; keyFile: string };
  healthTimeoutMs: number;
  upstreamTimeoutMs: number;
  upstreams: Record<ServiceName, string>;
}

export function loadEdgeConfig(env: Env = process.env): EdgeConfig {
  const c = parseConfig(EDGE_CONFIG, env) as Record<string, unknown> & z.infer<typeof EDGE_CONFIG.schema>;
  if (Boolean(c.FLOTILLA_TLS_CERT) !== Boolean(c.FLOTILLA_TLS_KEY)) {
    const key = c.FLOTILLA_TLS_CERT ? 'FLOTILLA_TLS_KEY' : 'FLOTILLA_TLS_CERT';
    throw new ConfigError([{ key, message: 'FLOTILLA_TLS_CERT and FLOTILLA_TLS_KEY must be set together' }]);
  }
  return {
    port: c.PORT,
    host: c.HOST,
    logLevel: c.LOG_LEVEL,
    ...(c.FLOTILLA_TLS_CERT && c.FLOTILLA_TLS_KEY ? { tls: { certFile: c.FLOTILLA_TLS_CERT, keyFile: c.FLOTILLA_TLS_KEY } } : {}),
    healthTimeoutMs: c.EDGE_HEALTH_TIMEOUT_MS,
    upstreamTimeoutMs: c.EDGE_UPSTREAM_TIMEOUT_MS,
    upstreams: Object.fromEntries(SERVICE_NAMES.map((s) => [s, String(c[upstreamKey(s)])])) as Record<ServiceName, string>,
  };
}

/** The launcher's own keys (it passes everything else through to the service processes). */
export const LAUNCHER_CONFIG = {
  schema: z.object({
    /** Restart a service process that exits unexpectedly. */
    FLOTILLA_RESTART: envBool(true),
    /** Delay before restarting a crashed service (long enough for health checks to notice it was down). */
    FLOTILLA_RESTART_DELAY_MS: envInt(15_000, 0),
    /** Comma-separated subset of services to start (default: all ten). */
    FLOTILLA_SERVICES: z.string().optional(),
    /** When set, services listen on consecutive ports from here (in SERVICE_NAMES order) instead of their defaults (8081…8090). */
    FLOTILLA_SERVICE_PORT_BASE: z.coerce.number().int().min(1).max(65_000).optional(),
  }),
  secrets: [] as string[],
};

export function loadLauncherConfig(env: Env = process.env) {
  const c = parseConfig(LAUNCHER_CONFIG, env) as z.infer<typeof LAUNCHER_CONFIG.schema>;
  const services = c.FLOTILLA_SERVICES ? c.FLOTILLA_SERVICES.split(',').map((s) => s.trim()).filter(Boolean) : [...SERVICE_NAMES];
  const unknown = services.filter((s) => !(SERVICE_NAMES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new ConfigError([{ key: 'FLOTILLA_SERVICES', message: `unknown service(s) ${unknown.join(', ')}` }]);
  const base = c.FLOTILLA_SERVICE_PORT_BASE;
  const ports = Object.fromEntries(SERVICE_NAMES.map((s, i) => [s, base === undefined ? SERVICE_DEFAULT_PORTS[s] : base + i])) as Record<ServiceName, number>;
  return { restart: c.FLOTILLA_RESTART, restartDelayMs: c.FLOTILLA_RESTART_DELAY_MS, services: services as ServiceName[], ports, env: { ...env } };
}
