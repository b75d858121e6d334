export * from './contract';
export * from './platform/service-info.contract';
export * from './edge/routes';
