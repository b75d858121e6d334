import { Controller, Get } from '@nestjs/common';
import { ServiceStatus, ServicesStatusService } from './services-status.service';

/**
 * `GET /api/latest/flotilla/services`: a Flotilla extension (not in Fleet's API) listing each
 * service's version, instance, uptime and dependency health as seen over the bus.
 */
@Controller(['api/latest/flotilla/services', 'api/v1/flotilla/services'])
export class ServicesStatusController {
  constructor(private readonly status: ServicesStatusService) {}

  @Get()
  async list(): Promise<{ services: ServiceStatus[] }> {
    return { services: await this.status.all() };
  }
}
