import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PLATFORM_CONTEXT } from '../tokens';
import type { PlatformContext } from '../runtime/platform-context';
import { dependencyHealth } from './health-report';

/** `GET /metrics`: Prometheus text exposition (default Node metrics, HTTP, bus, dependency health). */
@ApiTags('platform')
@Controller()
export class MetricsController {
  constructor(@Inject(PLATFORM_CONTEXT) private readonly ctx: PlatformContext) {}

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics: Node defaults, HTTP by route, bus by subject, dependency health' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @Header('cache-control', 'no-store')
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    for (const d of await dependencyHealth(this.ctx)) {
      this.ctx.metrics.dependencyUp.set({ dependency: d.name, kind: d.kind }, d.status === 'up' ? 1 : 0);
    }
    reply.header('content-type', this.ctx.metrics.contentType());
    return this.ctx.metrics.render();
  }
}
