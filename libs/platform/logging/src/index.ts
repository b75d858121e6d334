export * from './create-logger';
export * from './nest-pino-logger';
