export { ApiGatewayModule } from './api-gateway.module';
export { API_GATEWAY_CONFIG, API_GATEWAY_OWN_CONFIG } from './config/api-gateway.config';
export { ACTIONS, PERMISSIONS } from './authz/permissions';
export type { Action, Permission } from './authz/permissions';
