import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PLATFORM_CONTEXT } from '../tokens';
import type { PlatformContext } from '../runtime/platform-context';
import { healthReport, HealthReport } from './health-report';

/** `GET /healthz`: 200 when every dependency of the hosted services is up, else 503 naming the ones down. */
const DEPENDENCY_SCHEMA = {
  type: 'object',
  required: ['name', 'kind', 'status'],
  properties: {
    name: { type: 'string', enum: ['bus', 'db', 'cache', 'storage'] },
    kind: { type: 'string', example: 'mysql' },
    status: { type: 'string', enum: ['up', 'down', 'starting'] },
    detail: { type: 'string' },
  },
};

const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status', 'version', 'mode', 'services', 'instance', 'uptime_seconds', 'dependencies', 'down'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    version: { type: 'string' },
    mode: { type: 'string', enum: ['standalone', 'distributed'] },
    services: { type: 'array', items: { type: 'string' } },
    instance: { type: 'string' },
    uptime_seconds: { type: 'integer' },
    dependencies: { type: 'array', items: DEPENDENCY_SCHEMA },
    down: { type: 'array', items: { type: 'string' }, description: 'names of dependencies that are not up' },
  },
};

@ApiTags('platform')
@Controller()
export class HealthController {
  constructor(@Inject(PLATFORM_CONTEXT) private readonly ctx: PlatformContext) {}

  @Get('healthz')
  @ApiOperation({ summary: "Health of this process and of every dependency its services use" })
  @ApiResponse({ status: 200, description: 'every dependency is up', schema: HEALTH_SCHEMA })
  @ApiResponse({ status: 503, description: 'at least one dependency is down (named in `down`)', schema: HEALTH_SCHEMA })
  async healthz(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await healthReport(this.ctx);
    reply.status(report.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
    return report;
  }
}
