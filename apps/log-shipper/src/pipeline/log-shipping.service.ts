import { Inject, Injectable } from '@nestjs/common';
import type { Bus, BusSubscription } from '@flotilla/platform-bus';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, LOGGER, PLATFORM_CONTEXT, StartupWork } from '@flotilla/platform-server';
import type { PlatformContext } from '@flotilla/platform-server';
import { LOG_DESTINATIONS, LOG_TYPES, type LogShipperSettings } from '../config/log-shipper.config';
import { createDestination } from '../destinations/destinations.factory';
import { LOG_SHIPPER_SETTINGS } from '../log-shipper.tokens';
import { DestinationConsumer } from './destination.consumer';
import { LogShipperMetrics } from './log-shipper.metrics';

/**
 * Starts one DestinationConsumer per configured destination once the bus is up (reported as
 * `log-consumers` on /healthz until then), and at shutdown stops retrying, lets in-flight
 * handlers settle (unacknowledged messages go back to the stream), then closes the destinations.
 */
@Injectable()
export class LogShippingService extends StartupWork<void> {
  readonly consumers: readonly DestinationConsumer[];
  private readonly subscriptions = new Map<DestinationConsumer, BusSubscription>();

  constructor(
    @Inject(LOG_SHIPPER_SETTINGS) settings: LogShipperSettings,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONTEXT) ctx: Pick<PlatformContext, 'readiness'>,
    metrics: LogShipperMetrics,
  ) {
    super({ name: 'log-consumers', kind: 'log-shipper', dependsOn: bus, logger, readiness: ctx.readiness });
    this.consumers = LOG_DESTINATIONS.flatMap((name) => {
      const logTypes = new Set(LOG_TYPES.filter((t) => settings.routes[t].includes(name)));
      return logTypes.size === 0 ? [] : [new DestinationConsumer(createDestination(name, settings, logger), logTypes, settings, metrics, logger)];
    });
  }

  /** Idempotent: a retry after a partial failure subscribes only the consumers still missing. */
  protected async atStartup(): Promise<void> {
    for (const consumer of this.consumers) {
      if (!this.subscriptions.has(consumer)) this.subscriptions.set(consumer, await consumer.consume(this.bus));
    }
    this.logger.info({ destinations: this.consumers.map((c) => c.destination.name) }, 'shipping osquery logs');
  }

  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    for (const consumer of this.consumers) consumer.stop();
    await Promise.allSettled([...this.subscriptions.values()].map((s) => s.unsubscribe()));
    this.subscriptions.clear();
    await Promise.allSettled(this.consumers.map((c) => c.destination.close()));
  }
}
