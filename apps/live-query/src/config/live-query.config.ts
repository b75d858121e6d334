import { Env, envInt, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';
import { z } from 'zod';

/** live-query's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const LIVE_QUERY_OWN_CONFIG = {
  shape: {
    /** A campaign nobody streams (or waits for) for this long ends and is cleaned up (Fleet: 1 minute). */
    LIVE_QUERY_IDLE_TIMEOUT_S: envInt(60, 5, 3_600),
    /** No campaign lives longer than this, streamed or not. */
    LIVE_QUERY_MAX_LIFETIME_S: envInt(86_400, 60, 7 * 86_400),
    /** How often idle and expired campaigns are looked for. */
    LIVE_QUERY_SWEEP_MS: envInt(5_000, 100, 60_000),
  },
  secrets: [],
} satisfies OwnConfig;

export const LIVE_QUERY_CONFIG = serviceConfigSpec('live-query', LIVE_QUERY_OWN_CONFIG);

export function loadLiveQueryConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(LIVE_QUERY_CONFIG, env) as ServiceEnv;
}

type OwnKeys = { [K in keyof typeof LIVE_QUERY_OWN_CONFIG.shape]: z.infer<(typeof LIVE_QUERY_OWN_CONFIG.shape)[K]> };

export interface LiveQuerySettings {
  idleTimeoutMs: number;
  maxLifetimeMs: number;
  sweepMs: number;
}

export function liveQuerySettings(env: ServiceEnv): LiveQuerySettings {
  const own = env as ServiceEnv & OwnKeys;
  return { idleTimeoutMs: own.LIVE_QUERY_IDLE_TIMEOUT_S * 1000, maxLifetimeMs: own.LIVE_QUERY_MAX_LIFETIME_S * 1000, sweepMs: own.LIVE_QUERY_SWEEP_MS };
}
