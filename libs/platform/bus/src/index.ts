export * from './bus';
export * from './bus.errors';
