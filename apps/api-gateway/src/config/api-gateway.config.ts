import { Env, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';

/** api-gateway's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const API_GATEWAY_OWN_CONFIG: OwnConfig = { shape: {}, secrets: [] };

export const API_GATEWAY_CONFIG = serviceConfigSpec('api-gateway', API_GATEWAY_OWN_CONFIG);

export function loadApiGatewayConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(API_GATEWAY_CONFIG, env) as ServiceEnv;
}
