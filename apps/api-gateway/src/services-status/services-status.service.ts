import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_INFO, ServiceInfoReply } from '@flotilla/contracts';
import { SERVICE_NAMES, ServiceName } from '@flotilla/domain';
import type { Bus } from '@flotilla/platform-bus';
import { BUS } from '@flotilla/platform-server';

export type ServiceStatus =
  | ({ status: 'up' } & ServiceInfoReply)
  | { service: ServiceName; status: 'down'; error: string };

const PROBE_TIMEOUT_MS = 2_000;

/** Asks every service over the bus for its info; a service that doesn't answer is reported down. */
@Injectable()
export class ServicesStatusService {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  async all(): Promise<ServiceStatus[]> {
    return Promise.all(SERVICE_NAMES.map((s) => this.one(s)));
  }

  private async one(service: ServiceName): Promise<ServiceStatus> {
    try {
      const info = await this.bus.request(SERVICE_INFO[service], {}, { timeoutMs: PROBE_TIMEOUT_MS });
      return { status: 'up', ...info };
    } catch (err) {
      return { service, status: 'down', error: err instanceof Error ? err.message : String(err) };
    }
  }
}
