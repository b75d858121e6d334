import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { decodeNodeKeyRequest, nodeKeyFromAuthorization, type NodeKeyRequest } from '@flotilla/codec-osquery';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AgentConfigService } from '../agent-config/agent-config.service';
import { DistributedService } from '../distributed/distributed.service';
import type { HostState } from '../hosts/host-state';
import { HostAuthService } from '../hosts/host-auth.service';
import { isOsqueryAnswerable, sendOsqueryError } from './osquery-error.filter';

const PREFIXES = ['/api/osquery', '/api/v1/osquery'] as const;
const BODY_LIMIT = 64 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

type Answer = (host: HostState, request: NodeKeyRequest) => string | Promise<string>;

/** The routes (after each prefix) and what they answer, for registration and for the OpenAPI document. */
const HOT_ROUTES = {
  'distributed/read': { operation: 'read', summary: 'osquery distributed/read: the queries this host should run now (`{"queries":{}}` when none)' },
  config: { operation: 'getConfig', summary: "osquery config: the host's schedule, packs, options and decorators (an unchanged config is answered as not modified by etag)" },
} as const;

interface HotRouteOperation {
  operationId: string;
  summary: string;
  parameters: never[];
  responses: Record<string, { description: string }>;
  tags: string[];
}

/**
 * The OpenAPI path items of the hot routes (Nest's document generator sees only controllers):
 * merged into docs/openapi.json by the standalone app's generator.
 */
export function osqueryHotRoutesOpenApi(): Record<string, { post: HotRouteOperation }> {
  const paths: Record<string, { post: HotRouteOperation }> = {};
  for (const [route, { operation, summary }] of Object.entries(HOT_ROUTES)) {
    PREFIXES.forEach((prefix, i) => {
      paths[`${prefix}/${route}`] = { post: { operationId: `OsqueryHotRoutes_${operation}[${i}]`, summary, parameters: [], responses: { '200': { description: '' } }, tags: ['OsqueryApi'] } };
    });
  }
  return paths;
}

/**
 * `POST …/distributed/read` and `POST …/config` — what every host calls every 10 s and every
 * minute — as plain Fastify routes, registered on the app's Fastify instance in place of Nest
 * controller methods. Nest's per-request pipeline (execution context, param factories,
 * interceptor chain, exception zone) cost more than the work of an empty check-in itself
 * (BENCHMARKS.md, "osquery ingest"); these routes call the same services and answer
 * byte-for-byte as the controller did. Everything around them is unchanged, because it lives in
 * Fastify: the platform's hooks (request id, gzip inflation, /metrics by route template, request
 * log), body parsing and per-route body limits, and the error handler Nest installs (so Fastify's
 * 4xx and unexpected errors still go through FleetExceptionFilter). osquery's own errors are
 * answered here with the same mapping as OsqueryErrorFilter. The other osquery routes (enroll,
 * distributed/write, log) stay in OsqueryApiController.
 *
 * The happy path is synchronous — a cached node key, an answer already serialised — so most
 * check-ins allocate no promise at all; a key this process has not seen, a due label/policy query
 * or a label-targeted pack takes the asynchronous path.
 */
@Injectable()
export class OsqueryHotRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: HostAuthService,
    private readonly config: AgentConfigService,
    private readonly distributed: DistributedService,
  ) {}

  /** Runs after Nest registered its routes and before the server listens (routes can still be added). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return; // an application context without HTTP
    const read: Answer = (host) => this.distributed.read(host);
    const config: Answer = (host, request) => {
      const served = this.config.configFor(host);
      const pick = (s: { body: string; etag: string }) => (request.etag === s.etag ? AgentConfigService.NOT_MODIFIED : s.body);
      return served instanceof Promise ? served.then(pick) : pick(served);
    };
    const answers: Record<keyof typeof HOT_ROUTES, Answer> = { 'distributed/read': read, config };
    for (const prefix of PREFIXES) {
      for (const [route, answer] of Object.entries(answers)) fastify.post(`${prefix}/${route}`, { bodyLimit: BODY_LIMIT }, (request, reply) => this.serve(request, reply, answer));
    }
  }

  /**
   * Authenticates (the `Authorization: NodeKey` header wins over the body's `node_key`) and sends
   * the answer as JSON. A thrown error that is not osquery's goes to Fastify's error handler.
   */
  private serve(request: FastifyRequest, reply: FastifyReply, answer: Answer): string | Promise<string | FastifyReply> | undefined {
    try {
      const body = decodeNodeKeyRequest(request.body);
      const nodeKey = nodeKeyFromAuthorization(request.headers.authorization) ?? body.nodeKey;
      const host = this.auth.cached(nodeKey);
      const out = host ? answer(host, body) : this.auth.authenticate(nodeKey).then((h) => answer(h, body));
      if (typeof out === 'string') return json(reply, out);
      return out.then(
        (s) => json(reply, s),
        (err: unknown) => {
          answerError(reply, err);
          return reply;
        },
      );
    } catch (err) {
      answerError(reply, err);
      return undefined;
    }
  }
}

function json(reply: FastifyReply, body: string): string {
  void reply.header('content-type', JSON_TYPE);
  return body;
}

/** osquery's errors are answered here; anything else is rethrown to Fastify's (Nest's) error handler. */
function answerError(reply: FastifyReply, err: unknown): void {
  if (!isOsqueryAnswerable(err)) throw err;
  sendOsqueryError(reply, err);
}
