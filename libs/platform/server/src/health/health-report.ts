import { FLOTILLA_VERSION } from '@flotilla/domain';
import type { DependencyHealth } from '@flotilla/platform-health';
import type { PlatformContext } from '../runtime/platform-context';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  version: string;
  mode: 'standalone' | 'distributed';
  services: readonly string[];
  instance: string;
  uptime_seconds: number;
  dependencies: DependencyHealth[];
  /** Names of dependencies that are not up. */
  down: string[];
}

export async function dependencyHealth(ctx: PlatformContext): Promise<DependencyHealth[]> {
  const reporters = [...Object.values(ctx.deps).filter((d) => d !== undefined), ...ctx.readiness];
  return Promise.all(reporters.map(async (d) => d.health()));
}

export async function healthReport(ctx: PlatformContext): Promise<HealthReport> {
  const dependencies = await dependencyHealth(ctx);
  const down = dependencies.filter((d) => d.status !== 'up').map((d) => d.name);
  return {
    status: down.length === 0 ? 'ok' : 'unavailable',
    version: FLOTILLA_VERSION,
    mode: ctx.settings.mode,
    services: ctx.services,
    instance: ctx.instance,
    uptime_seconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 1000),
    dependencies,
    down,
  };
}
