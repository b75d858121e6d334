export * from './tokens';
export * from './runtime/platform-context';
export * from './runtime/platform.module';
export * from './runtime/bootstrap';
export * from './bus/bus-handler.decorators';
export * from './bus/metered-bus';
export * from './health/health-report';
export * from './http/fleet-exception.filter';
