import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { DEPENDENCY_KINDS, FLOTILLA_VERSION, SERVICE_NAMES } from '@flotilla/domain';
import { parseConfig, platformSettings, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';
import { createLogger } from '@flotilla/platform-logging';
import { MetricsRegistry } from '@flotilla/platform-metrics';
import { createDependencies, FlotillaRootModule, PlatformContext } from '@flotilla/platform-server';
import { osqueryHotRoutesOpenApi } from '@flotilla/app-osquery-ingest';
import { STANDALONE_MODULES } from '../standalone.modules';

/**
 * Flotilla's OpenAPI document, generated from the controllers of every service module (the
 * same module tree the standalone process serves) plus osquery-ingest's plain Fastify routes.
 * Nothing is started: no listener, no dependency connections. `npm run openapi` writes it to
 * docs/openapi.json; a unit test keeps the committed file equal to what the code generates.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-openapi-'));
  try {
    const env = parseConfig(standaloneConfigSpec(), { FLOTILLA_DATA_DIR: dataDir }) as ServiceEnv;
    const settings = platformSettings('standalone', env);
    const logger = createLogger({ level: 'silent', base: {} });
    const metrics = new MetricsRegistry({ service: 'openapi' });
    // Constructed (for injection) but never started: nothing connects.
    const deps = createDependencies(settings, new Set(DEPENDENCY_KINDS), 'openapi', logger, metrics);
    const ctx: PlatformContext = { settings, env, services: SERVICE_NAMES, instance: 'openapi', startedAt: new Date(0), logger, metrics, deps, readiness: [] };
    const root = FlotillaRootModule.create(ctx, SERVICE_NAMES.map((s) => STANDALONE_MODULES[s]));
    const app = await NestFactory.create<NestFastifyApplication>(root, new FastifyAdapter(), { logger: false, abortOnError: false });
    try {
      const config = new DocumentBuilder()
        .setTitle('Flotilla')
        .setDescription(
          "Flotilla's HTTP API. Admin routes follow Fleet's REST API (`/api/v1/fleet/...`, `/api/latest/fleet/...`); " +
            'agent and MDM protocol routes follow osquery, orbit and the MDM protocols. Errors use `{"message", "errors":[{"name","reason"}]}`.',
        )
        .setVersion(FLOTILLA_VERSION)
        .addBearerAuth()
        .build();
      const doc = SwaggerModule.createDocument(app, config);
      // Routes registered on Fastify directly, outside Nest's controllers.
      doc.paths = { ...doc.paths, ...osqueryHotRoutesOpenApi() };
      return doc;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
