import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '@flotilla/platform-logging';
import type { MetricsRegistry } from '@flotilla/platform-metrics';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET_ROUTES = new Set(['/healthz', '/metrics']);

/** Request id: the caller's `x-request-id` when it is well-formed (the edge sets one), else a new UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/** Echoes the request id, records HTTP metrics by route template, and logs one line per request. */
export function installHttpHooks(fastify: FastifyInstance, logger: Logger, metrics: MetricsRegistry): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.observeHttp(request.method, route, reply.statusCode, seconds);
    const line = { reqId: request.id, method: request.method, url: request.url, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (reply.statusCode >= 500) logger.error(line, 'request failed');
    else if (reply.statusCode >= 400) logger.info(line, 'request rejected');
    else if (!QUIET_ROUTES.has(route)) logger.debug(line, 'request');
    done();
  });
}
