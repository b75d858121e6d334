import { Module } from '@nestjs/common';
import { PLATFORM_CONTEXT, PlatformContext } from '@flotilla/platform-server';
import { logShipperSettings } from './config/log-shipper.config';
import { LOG_SHIPPER_SETTINGS } from './log-shipper.tokens';
import { LogShipperMetrics } from './pipeline/log-shipper.metrics';
import { LogShippingService } from './pipeline/log-shipping.service';

/**
 * log-shipper: the destination side of the osquery result/status log pipeline — one durable
 * consumer of OSQUERY_LOGS per configured destination (standalone hosts this same module).
 * No routes of its own beyond the platform's /healthz and /metrics.
 */
@Module({
  providers: [
    { provide: LOG_SHIPPER_SETTINGS, useFactory: (ctx: PlatformContext) => logShipperSettings(ctx.env), inject: [PLATFORM_CONTEXT] },
    LogShipperMetrics,
    LogShippingService,
  ],
})
export class LogShipperModule {}
