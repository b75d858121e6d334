export * from './config.errors';
export * from './parse-config';
export * from './config-keys';
export * from './service-config';
