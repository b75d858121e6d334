export * from './contract';
export * from './platform/service-info.contract';
export * from './edge/routes';
export * from './osquery-ingest/hosts.contract';
export * from './osquery-ingest/enroll-secrets.contract';
export * from './osquery-ingest/logs.contract';
export * from './api-gateway/activities.contract';
export * from './api-gateway/app-config.contract';
