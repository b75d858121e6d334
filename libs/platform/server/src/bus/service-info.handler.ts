import { SERVICE_INFO } from '@flotilla/contracts';
import { FLOTILLA_VERSION, ServiceName } from '@flotilla/domain';
import type { Bus, BusSubscription } from '@flotilla/platform-bus';
import { dependencyHealth } from '../health/health-report';
import type { PlatformContext } from '../runtime/platform-context';

/** Every service answers `<service>.service.info.v1` with its version, uptime and dependency health. */
export function registerServiceInfo(bus: Bus, service: ServiceName, ctx: PlatformContext): Promise<BusSubscription> {
  return bus.handle(
    SERVICE_INFO[service],
    async () => ({
      service,
      version: FLOTILLA_VERSION,
      instance: ctx.instance,
      mode: ctx.settings.mode,
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 1000),
      dependencies: await dependencyHealth(ctx),
    }),
    { queue: service },
  );
}
