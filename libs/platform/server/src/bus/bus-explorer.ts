import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { ServiceName } from '@flotilla/domain';
import type { Bus, BusSubscription } from '@flotilla/platform-bus';
import type { Logger } from '@flotilla/platform-logging';
import { LOGGER, PLATFORM_CONTEXT } from '../tokens';
import type { PlatformContext } from '../runtime/platform-context';
import { BUS_HANDLERS_KEY, BUS_SERVICE_KEY, BusHandlerBinding } from './bus-handler.decorators';
import { registerServiceInfo } from './service-info.handler';
import { whenReady } from './when-ready';

type HandlerFn = (payload: unknown, ctx: unknown) => unknown;

/**
 * Binds every `@BusHandlers` provider's methods to the bus (queue group = service name), plus
 * the platform's own `<service>.service.info.v1` responder for each hosted service. Binding waits
 * for the bus to be reachable, so a service starts (and reports unhealthy) while NATS is down.
 */
@Injectable()
export class BusExplorer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscriptions: BusSubscription[] = [];
  private stopped = false;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(PLATFORM_CONTEXT) private readonly ctx: PlatformContext,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const bus = this.ctx.deps.bus;
    if (!bus) return;
    void whenReady(bus, () => this.stopped).then(async (ready) => {
      if (!ready) return;
      try {
        await this.bindAll(bus);
      } catch (err) {
        this.logger.error({ err }, 'binding bus handlers failed');
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const subs = this.subscriptions;
    this.subscriptions = [];
    await Promise.allSettled(subs.map((s) => s.unsubscribe()));
  }

  private async bindAll(bus: Bus): Promise<void> {
    for (const service of this.ctx.services) this.subscriptions.push(await registerServiceInfo(bus, service, this.ctx));
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.metatype) continue;
      const service = Reflect.getMetadata(BUS_SERVICE_KEY, wrapper.metatype) as ServiceName | undefined;
      const bindings = Reflect.getMetadata(BUS_HANDLERS_KEY, wrapper.metatype) as BusHandlerBinding[] | undefined;
      if (!bindings) continue;
      if (!service) throw new Error(`${wrapper.name} has bus handlers but no @BusHandlers(service)`);
      for (const b of bindings) this.subscriptions.push(await this.bind(bus, service, b, (instance[b.method] as HandlerFn).bind(instance)));
    }
    this.logger.info({ handlers: this.subscriptions.length }, 'bus handlers bound');
  }

  private bind(bus: Bus, queue: ServiceName, b: BusHandlerBinding, fn: HandlerFn): Promise<BusSubscription> {
    switch (b.kind) {
      case 'request':
        return bus.handle(b.contract, fn as never, { queue });
      case 'event':
        return bus.subscribe(b.contract, fn as never, b.broadcast ? {} : { queue });
      case 'stream':
        return bus.consume(b.contract, fn as never, b.options);
    }
  }
}
