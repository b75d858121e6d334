import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
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

/** Route option a controller sets with `@RouteConfig({ bodyLimit })` to get its own body limit (bytes, after decompression). */
export interface BodyLimitConfig {
  bodyLimit?: number;
}

/**
 * Echoes the request id, records HTTP metrics by route template, logs one line per request,
 * applies per-route body limits, and inflates `Content-Encoding: gzip` bodies as a stream so the
 * body limit counts decompressed bytes (a gzip bomb stops at the limit with 413).
 * Must run before the app registers its routes (i.e. before `listen`/`init`).
 */
export function installHttpHooks(fastify: FastifyInstance, logger: Logger, metrics: MetricsRegistry): void {
  fastify.addHook('onRoute', (route) => {
    const limit = (route.config as BodyLimitConfig | undefined)?.bodyLimit;
    if (typeof limit === 'number') route.bodyLimit = limit;
  });
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = request.headers['content-encoding'];
    if (encoding === undefined || encoding === 'identity') return done(null, payload);
    if (encoding !== 'gzip' && encoding !== 'x-gzip') {
      return done(Object.assign(new Error(`unsupported Content-Encoding: ${encoding}`), { statusCode: 415 }), payload);
    }
    const gunzip = createGunzip();
    gunzip.on('error', () => undefined);
    const inflated = payload.pipe(gunzip) as typeof payload & { receivedEncodedLength?: number };
    // Tell Fastify the wire length is unknown so Content-Length is not compared with inflated bytes.
    delete request.headers['content-length'];
    request.headers['transfer-encoding'] = 'chunked';
    inflated.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      inflated.receivedEncodedLength = (inflated.receivedEncodedLength ?? 0) + chunk.length;
    });
    done(null, inflated);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.observeHttp(request.method, route, reply.statusCode, seconds);
    // The log line is built only when it will be written (successes log at debug, off in production).
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : QUIET_ROUTES.has(route) ? undefined : 'debug';
    if (level !== undefined && logger.isLevelEnabled(level)) {
      const line = { reqId: request.id, method: request.method, url: request.url, route, status, ms: Math.round(reply.elapsedTime * 10) / 10 };
      logger[level](line, status >= 500 ? 'request failed' : status >= 400 ? 'request rejected' : 'request');
    }
    done();
  });
}
