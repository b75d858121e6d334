import type { EventContract, PayloadOf, ReplyOf, RequestContract, RequestOf, StreamContract } from '@flotilla/contracts';
import type { ServiceName } from '@flotilla/domain';
import type { ConsumeOptions, DurableContext, MessageContext } from '@flotilla/platform-bus';

export const BUS_SERVICE_KEY = Symbol.for('flotilla.bus.service');
export const BUS_HANDLERS_KEY = Symbol.for('flotilla.bus.handlers');

export type BusHandlerBinding =
  | { kind: 'request'; method: string; contract: RequestContract }
  | { kind: 'event'; method: string; contract: EventContract; broadcast: boolean }
  | { kind: 'stream'; method: string; contract: StreamContract; options: ConsumeOptions };

/** Marks a provider whose `@OnRequest/@OnEvent/@OnStream` methods serve `service` (its queue group). */
export function BusHandlers(service: ServiceName): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(BUS_SERVICE_KEY, service, target);
  };
}

function addBinding(target: object, binding: BusHandlerBinding): void {
  const existing = (Reflect.getMetadata(BUS_HANDLERS_KEY, target.constructor) as BusHandlerBinding[] | undefined) ?? [];
  Reflect.defineMetadata(BUS_HANDLERS_KEY, [...existing, binding], target.constructor);
}

type Awaitable<T> = T | Promise<T>;

/** Serves a request contract; the method's parameter and return types are checked against the contract. */
export function OnRequest<C extends RequestContract>(contract: C) {
  return <F extends (p: RequestOf<C>, ctx: MessageContext) => Awaitable<ReplyOf<C>>>(target: object, method: string | symbol, _d: TypedPropertyDescriptor<F>) =>
    addBinding(target, { kind: 'request', method: String(method), contract });
}

/**
 * Receives an event. By default the class's service is the queue group, so each event reaches
 * one replica; `broadcast: true` delivers it to every replica (e.g. to drop in-memory state).
 */
export function OnEvent<C extends EventContract>(contract: C, opts: { broadcast?: boolean } = {}) {
  return <F extends (p: PayloadOf<C>, ctx: MessageContext) => Awaitable<void>>(target: object, method: string | symbol, _d: TypedPropertyDescriptor<F>) =>
    addBinding(target, { kind: 'event', method: String(method), contract, broadcast: opts.broadcast ?? false });
}

/** Consumes a durable stream; resolve acks, throw redelivers. `durable` names the consumer forever. */
export function OnStream<C extends StreamContract>(contract: C, options: ConsumeOptions) {
  return <F extends (p: PayloadOf<C>, ctx: DurableContext) => Promise<void>>(target: object, method: string | symbol, _d: TypedPropertyDescriptor<F>) =>
    addBinding(target, { kind: 'stream', method: String(method), contract, options });
}
