import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { ServiceStatus, ServicesStatusService } from './services-status.service';

const SERVICE_STATUS_SCHEMA = {
  type: 'object',
  required: ['services'],
  properties: {
    services: {
      type: 'array',
      items: {
        type: 'object',
        required: ['service', 'status'],
        properties: {
          service: { type: 'string' },
          status: { type: 'string', enum: ['up', 'down'] },
          version: { type: 'string' },
          instance: { type: 'string', description: '<hostname>:<pid> of the process that answered' },
          mode: { type: 'string', enum: ['standalone', 'distributed'] },
          uptimeSeconds: { type: 'integer' },
          dependencies: { type: 'array', items: { type: 'object' } },
          error: { type: 'string', description: 'why the service did not answer (down only)' },
        },
      },
    },
  },
};

/**
 * `GET /api/latest/flotilla/services`: a Flotilla extension (not in Fleet's API) listing each
 * service's version, instance, uptime and dependency health as seen over the bus. Public: e2e
 * tests and operators use it without credentials.
 */
@ApiTags('flotilla')
@Public()
@Controller(['api/latest/flotilla/services', 'api/v1/flotilla/services'])
export class ServicesStatusController {
  constructor(private readonly status: ServicesStatusService) {}

  @Get()
  @ApiOperation({ summary: 'Every service as seen over the bus: version, instance, uptime, dependency health' })
  @ApiResponse({ status: 200, description: 'one entry per service, in a fixed order', schema: SERVICE_STATUS_SCHEMA })
  async list(): Promise<{ services: ServiceStatus[] }> {
    return { services: await this.status.all() };
  }
}
