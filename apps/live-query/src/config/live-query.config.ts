import { Env, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';

/** live-query's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const LIVE_QUERY_OWN_CONFIG: OwnConfig = { shape: {}, secrets: [] };

export const LIVE_QUERY_CONFIG = serviceConfigSpec('live-query', LIVE_QUERY_OWN_CONFIG);

export function loadLiveQueryConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(LIVE_QUERY_CONFIG, env) as ServiceEnv;
}
