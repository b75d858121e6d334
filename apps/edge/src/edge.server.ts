import { readFileSync } from 'node:fs';
import replyFrom from '@fastify/reply-from';
import Fastify, { LogController } from 'fastify';
import { routeFor } from '@flotilla/contracts';
import { SERVICE_NAMES, ServiceName } from '@flotilla/domain';
import { fleetErrorBody } from '@flotilla/platform-errors';
import { createLogger, Logger } from '@flotilla/platform-logging';
import { MetricsRegistry } from '@flotilla/platform-metrics';
import { EdgeConfig } from './config/edge.config';
import { probeServices } from './service-probe';
import { proxyUpgrade } from './upgrade-proxy';

/**
 * The distributed-mode edge: one public listener that routes each request to the service that
 * owns its path (`EDGE_ROUTES` in @flotilla/contracts — the same table the compose proxy and the
 * Kubernetes ingress use), streaming bodies both ways, and a `/healthz` that reports every service.
 */
export async function createEdgeServer(config: EdgeConfig, logger: Logger = createLogger({ level: config.logLevel, base: { service: 'edge' } })) {
  const metrics = new MetricsRegistry({ service: 'edge' });
  const app = Fastify({
    loggerInstance: logger,
    // One line per request is logged by our own onResponse hook (with route, status and timing).
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    ...(config.tls ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } } : {}),
  });

  // Bodies are streamed to the upstream untouched (size limits are the owning service's business).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  await app.register(replyFrom, { http: { requestOptions: { timeout: config.upstreamTimeoutMs } } });

  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.get('/healthz', async (_request, reply) => {
    const services = await probeServices(config.upstreams, SERVICE_NAMES, config.healthTimeoutMs);
    const down = SERVICE_NAMES.filter((s) => services[s].status !== 'up');
    return reply
      .status(down.length === 0 ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: down.length === 0 ? 'ok' : 'unavailable', down, services });
  });

  app.get('/metrics', async (_request, reply) => reply.header('content-type', metrics.contentType()).send(await metrics.render()));

  // WebSocket upgrades (reply-from proxies plain HTTP only) go to the path's owner as raw streams.
  app.server.on('upgrade', (req, socket, head) => {
    const service: ServiceName = routeFor(req.url ?? '/');
    proxyUpgrade(req, socket, head, config.upstreams[service], forwardedFor(req.headers['x-forwarded-for'], req.socket.remoteAddress), logger);
  });

  app.all('/*', (request, reply) => {
    const service: ServiceName = routeFor(request.url);
    const requestId = String(request.id);
    return reply.from(`${config.upstreams[service]}${request.url}`, {
      rewriteRequestHeaders: (req, headers) => ({
        ...headers,
        'x-request-id': headers['x-request-id'] ?? requestId,
        'x-forwarded-proto': config.tls ? 'https' : 'http',
        'x-forwarded-for': forwardedFor(headers['x-forwarded-for'], req.socket.remoteAddress),
      }),
      onError: (rep, { error }) => {
        logger.warn({ reqId: requestId, service, err: error }, 'upstream unavailable');
        void rep
          .status(503)
          .header('content-type', 'application/json; charset=utf-8')
          .send(fleetErrorBody('Service Unavailable', [{ name: service, reason: `${service} is not reachable right now; retry later` }]));
      },
    });
  });
  return app;
}

/** X-Forwarded-For with the connecting peer appended (proxies in front of the edge keep their entries). */
export function forwardedFor(existing: string | string[] | undefined, peer: string | undefined): string {
  const prior = (Array.isArray(existing) ? existing.join(', ') : existing ?? '').trim();
  if (!peer) return prior;
  return prior ? `${prior}, ${peer}` : peer;
}
