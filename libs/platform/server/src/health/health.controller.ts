import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PLATFORM_CONTEXT } from '../tokens';
import type { PlatformContext } from '../runtime/platform-context';
import { healthReport, HealthReport } from './health-report';

/** `GET /healthz`: 200 when every dependency of the hosted services is up, else 503 naming the ones down. */
@Controller()
export class HealthController {
  constructor(@Inject(PLATFORM_CONTEXT) private readonly ctx: PlatformContext) {}

  @Get('healthz')
  async healthz(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await healthReport(this.ctx);
    reply.status(report.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
    return report;
  }
}
