import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MetricsRegistry } from '@flotilla/platform-metrics';
import { BusExplorer } from '../bus/bus-explorer';
import { HealthController } from '../health/health.controller';
import { MetricsController } from '../health/metrics.controller';
import { BUS, CACHE, DATABASE, LOGGER, PLATFORM_CONTEXT, STORAGE } from '../tokens';
import type { PlatformContext } from './platform-context';

/**
 * Global module giving every hosted service module the process's infrastructure (BUS, DATABASE,
 * CACHE, STORAGE tokens — only those the hosted services use), logger and metrics, plus
 * `/healthz`, `/metrics` and the bus handler binding.
 */
@Module({})
export class PlatformModule {
  static forRoot(ctx: PlatformContext): DynamicModule {
    const exported: Provider[] = [
      { provide: PLATFORM_CONTEXT, useValue: ctx },
      { provide: LOGGER, useValue: ctx.logger },
      { provide: MetricsRegistry, useValue: ctx.metrics },
    ];
    if (ctx.deps.bus) exported.push({ provide: BUS, useValue: ctx.deps.bus });
    if (ctx.deps.db) exported.push({ provide: DATABASE, useValue: ctx.deps.db });
    if (ctx.deps.cache) exported.push({ provide: CACHE, useValue: ctx.deps.cache });
    if (ctx.deps.storage) exported.push({ provide: STORAGE, useValue: ctx.deps.storage });
    return {
      module: PlatformModule,
      global: true,
      imports: [DiscoveryModule],
      controllers: [HealthController, MetricsController],
      providers: [...exported, BusExplorer],
      exports: exported,
    };
  }
}

/** The root of a process: the platform plus the hosted service modules. */
@Module({})
export class FlotillaRootModule {
  static create(ctx: PlatformContext, serviceModules: readonly Type[]): DynamicModule {
    return { module: FlotillaRootModule, imports: [PlatformModule.forRoot(ctx), ...serviceModules] };
  }
}
