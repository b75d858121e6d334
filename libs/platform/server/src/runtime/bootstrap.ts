import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyBaseLogger, LogController } from 'fastify';
import { DependencyKind, SERVICE_DEPENDENCIES, ServiceName } from '@flotilla/domain';
import { platformSettings, RunMode, ServiceEnv } from '@flotilla/platform-config';
import { createLogger, Logger, NestPinoLogger } from '@flotilla/platform-logging';
import { MetricsRegistry } from '@flotilla/platform-metrics';
import { FleetExceptionFilter } from '../http/fleet-exception.filter';
import { installHttpHooks, requestIdFor } from '../http/http-hooks';
import { installJsonBodyParser } from '../http/json-body.parser';
import { createDependencies } from './create-dependencies';
import type { PlatformContext } from './platform-context';
import { FlotillaRootModule } from './platform.module';

export interface BootOptions {
  mode: RunMode;
  /** The services this process hosts: one in distributed mode, all ten in standalone. */
  services: readonly ServiceName[];
  /** Their root Nest modules. */
  modules: readonly Type[];
  env: ServiceEnv;
  /** Overrides the log destination (tests). */
  logDestination?: NodeJS.WritableStream;
}

export interface RunningServer {
  app: NestFastifyApplication;
  ctx: PlatformContext;
  /** The listening address (useful when PORT=0). */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts one Flotilla process: logger, metrics, infrastructure clients (connecting in the
 * background, so a dependency that is down makes /healthz 503 rather than crashing the process),
 * the Nest app on Fastify (HTTPS when TLS files are configured), error shaping, and HTTP hooks.
 */
export async function startServer(opts: BootOptions): Promise<RunningServer> {
  const settings = platformSettings(opts.mode, opts.env);
  const role = opts.mode === 'standalone' ? 'standalone' : (opts.services[0] ?? 'unknown');
  const instance = `${hostname()}:${process.pid}`;
  const logger = createLogger({
    level: settings.logLevel,
    base: { service: role, mode: opts.mode, instance },
    ...(opts.logDestination ? { destination: opts.logDestination } : {}),
  });
  const metrics = new MetricsRegistry({ service: role });
  const needed = new Set<DependencyKind>(opts.services.flatMap((s) => SERVICE_DEPENDENCIES[s]));
  const deps = createDependencies(settings, needed, `flotilla-${role}`, logger, metrics);
  const ctx: PlatformContext = { settings, env: opts.env, services: opts.services, instance, startedAt: new Date(), logger, metrics, deps, readiness: [] };

  const dependencies = Object.values(deps).filter((d) => d !== undefined);
  await Promise.all(dependencies.map((d) => d.start()));

  const tls = settings.http.tls;
  const adapter = new FastifyAdapter({
    loggerInstance: logger.child({ component: 'http' }),
    // One line per request is logged by our own onResponse hook (with route, status and timing).
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request pino child (bindings + redaction cost ~3 % of an osquery check-in): nothing
    // logs through request.log; our hooks and filters log with the request id explicitly.
    childLoggerFactory: (parent: FastifyBaseLogger) => parent,
    bodyLimit: settings.http.bodyLimit,
    ...(settings.http.trustedProxies.length > 0 ? { trustProxy: [...settings.http.trustedProxies] } : {}),
    genReqId: requestIdFor,
    ...(tls ? { https: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } } : {}),
  });
  const app = await NestFactory.create<NestFastifyApplication>(FlotillaRootModule.create(ctx, opts.modules), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  app.useGlobalFilters(new FleetExceptionFilter(logger));
  installHttpHooks(app.getHttpAdapter().getInstance(), logger, metrics);
  installJsonBodyParser(app, settings.http.bodyLimit);

  await app.listen({ port: settings.http.port, host: settings.http.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : settings.http.port;
  const host = settings.http.host === '0.0.0.0' ? '127.0.0.1' : settings.http.host;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  logger.info({ url, services: opts.services, tls: Boolean(tls) }, 'listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await Promise.allSettled(dependencies.map((d) => d.close()));
      logger.info('stopped');
      logger.flush();
    })());
  return { app, ctx, url, close };
}

/** Entry point for `main.ts`: starts, stops cleanly on SIGTERM/SIGINT, and exits non-zero on a start failure. */
export function runMain(start: () => Promise<RunningServer>): void {
  Promise.resolve()
    .then(start)
    .then(
    (server) => {
      const stop = (signal: string) => {
        server.ctx.logger.info({ signal }, 'shutting down');
        void server.close().finally(() => process.exit(0));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    },
    (err: unknown) => {
      // ConfigError already names every bad key; other errors get their message and stack.
      process.stderr.write(`flotilla: failed to start: ${err instanceof Error ? (err.name === 'ConfigError' ? err.message : (err.stack ?? err.message)) : String(err)}\n`);
      process.exit(1);
    },
  );
}

export type { Logger };
