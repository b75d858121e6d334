import { Body, Controller, Headers, HttpCode, Post, Res, UseFilters } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { decodeNodeKeyRequest, nodeKeyFromAuthorization } from '@flotilla/codec-osquery';
import type { FastifyReply } from 'fastify';
import { DistributedService } from '../distributed/distributed.service';
import { EnrollmentService } from '../enrollment/enrollment.service';
import { HostAuthService } from '../hosts/host-auth.service';
import { LogsService } from '../logs/logs.service';
import { OsqueryErrorFilter } from './osquery-error.filter';

const MiB = 1024 * 1024;
const EMPTY = '{}';

/**
 * osquery's TLS remote API, at `/api/osquery/*` and `/api/v1/osquery/*`, exactly as osqueryd
 * calls it: POST JSON (gzip accepted), node key in the body or `Authorization: NodeKey <key>`.
 * Success bodies never carry an `error` key; failures answer in osquery's form. The two routes
 * every host calls every few seconds, `config` and `distributed/read`, are plain Fastify routes
 * (OsqueryHotRoutes) with the same answers, outside Nest's per-request pipeline.
 */
@Controller(['api/osquery', 'api/v1/osquery'])
@UseFilters(OsqueryErrorFilter)
export class OsqueryApiController {
  constructor(
    private readonly enrollment: EnrollmentService,
    private readonly auth: HostAuthService,
    private readonly distributed: DistributedService,
    private readonly logs: LogsService,
  ) {}

  @Post('enroll')
  @HttpCode(200)
  @RouteConfig({ bodyLimit: MiB })
  enroll(@Body() body: unknown): Promise<{ node_key: string }> {
    return this.enrollment.enroll(body);
  }

  @Post('distributed/write')
  @HttpCode(200)
  @RouteConfig({ bodyLimit: 5 * MiB })
  async write(@Body() body: unknown, @Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const host = await this.authenticate(decodeNodeKeyRequest(body).nodeKey, authorization);
    await this.distributed.write(host, body);
    json(reply);
    return EMPTY;
  }

  @Post('log')
  @HttpCode(200)
  @RouteConfig({ bodyLimit: 10 * MiB })
  async log(@Body() body: unknown, @Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const host = await this.authenticate(decodeNodeKeyRequest(body).nodeKey, authorization);
    await this.logs.submit(host, body);
    json(reply);
    return EMPTY;
  }

  /** The `Authorization: NodeKey` header wins over the body's `node_key` (Fleet's newer scheme sends both). */
  private authenticate(bodyKey: string | undefined, authorization: string | undefined) {
    return this.auth.authenticate(nodeKeyFromAuthorization(authorization) ?? bodyKey);
  }
}

function json(reply: FastifyReply): void {
  void reply.header('content-type', 'application/json; charset=utf-8');
}
