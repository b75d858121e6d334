import { Env, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';

/** scep-proxy's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const SCEP_PROXY_OWN_CONFIG: OwnConfig = { shape: {}, secrets: [] };

export const SCEP_PROXY_CONFIG = serviceConfigSpec('scep-proxy', SCEP_PROXY_OWN_CONFIG);

export function loadScepProxyConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(SCEP_PROXY_CONFIG, env) as ServiceEnv;
}
