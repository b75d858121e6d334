export * from './bus';
export * from './bus.errors';
export type { BusLogger, BusOptions, InProcessBusOptions, NatsBusOptions } from './bus.options';
export { CONSOLE_BUS_LOGGER, DEFAULT_ACK_WAIT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from './bus.options';
export { ERROR_HEADER, REQUEST_ID_HEADER } from './bus.wire';
export { InProcessBus } from './in-process-bus';
export { NatsBus } from './nats-bus';
export { NamespacedBus } from './namespaced-bus';
export { DelegatingBus } from './delegating-bus';
