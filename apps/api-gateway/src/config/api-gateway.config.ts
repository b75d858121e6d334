import { Env, envDuration, envInt, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';
import { z } from 'zod';

/** api-gateway's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const API_GATEWAY_OWN_CONFIG = {
  shape: {
    /**
     * Admin API token installed at first start when the `sessions` table is empty (otherwise a
     * random one is generated and written to <FLOTILLA_DATA_DIR>/bootstrap-api-token).
     */
    FLOTILLA_BOOTSTRAP_API_TOKEN: z.string().min(32, { message: 'must be at least 32 characters' }).max(1024).optional(),
    /** How long a login session stays valid without use (API-only users' tokens never expire). */
    FLOTILLA_SESSION_DURATION: envDuration('5d', 60_000),
    /** Login attempts allowed per minute per client IP and per email address (then 429). */
    FLOTILLA_LOGIN_RATE_LIMIT: envInt(10, 1, 10_000),
    /** Password reset emails allowed per hour per email address and per client IP. */
    FLOTILLA_PASSWORD_RESET_RATE_LIMIT: envInt(10, 1, 10_000),
    /**
     * How long the synchronous live-query routes (`/queries/:id/run`, `/hosts/:id/query`) wait for
     * answers (Fleet's FLEET_LIVE_QUERY_REST_PERIOD); keep it below any proxy's request timeout.
     */
    FLOTILLA_LIVE_QUERY_REST_PERIOD: envDuration('25s', 100),
  },
  secrets: ['FLOTILLA_BOOTSTRAP_API_TOKEN'],
} satisfies OwnConfig;

export const API_GATEWAY_CONFIG = serviceConfigSpec('api-gateway', API_GATEWAY_OWN_CONFIG);

export function loadApiGatewayConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(API_GATEWAY_CONFIG, env) as ServiceEnv;
}

type OwnKeys = { [K in keyof typeof API_GATEWAY_OWN_CONFIG.shape]: z.infer<(typeof API_GATEWAY_OWN_CONFIG.shape)[K]> };

export interface ApiGatewaySettings {
  /** Token for the first session, from FLOTILLA_BOOTSTRAP_API_TOKEN (never logged). */
  bootstrapApiToken?: string;
  /** Where the generated bootstrap token file is written. */
  dataDir: string;
  sessionDurationMs: number;
  loginRateLimitPerMinute: number;
  passwordResetRateLimitPerHour: number;
  liveQueryRestPeriodMs: number;
}

/** api-gateway's settings out of the parsed environment (ServiceEnv carries the own keys, validated). */
export function apiGatewaySettings(env: ServiceEnv): ApiGatewaySettings {
  const own = env as ServiceEnv & Partial<OwnKeys>;
  return {
    ...(own.FLOTILLA_BOOTSTRAP_API_TOKEN ? { bootstrapApiToken: own.FLOTILLA_BOOTSTRAP_API_TOKEN } : {}),
    dataDir: env.FLOTILLA_DATA_DIR,
    sessionDurationMs: own.FLOTILLA_SESSION_DURATION ?? 5 * 86_400_000,
    loginRateLimitPerMinute: own.FLOTILLA_LOGIN_RATE_LIMIT ?? 10,
    passwordResetRateLimitPerHour: own.FLOTILLA_PASSWORD_RESET_RATE_LIMIT ?? 10,
    liveQueryRestPeriodMs: own.FLOTILLA_LIVE_QUERY_REST_PERIOD ?? 25_000,
  };
}
