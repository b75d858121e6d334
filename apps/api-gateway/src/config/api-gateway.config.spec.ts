import { ConfigError, parseConfig, ServiceEnv } from '@flotilla/platform-config';
import { API_GATEWAY_CONFIG, apiGatewaySettings } from './api-gateway.config';

describe('api-gateway config', () => {
  it('reads FLOTILLA_BOOTSTRAP_API_TOKEN (optional) into the settings', () => {
    const token = 't'.repeat(32);
    expect(apiGatewaySettings(parseConfig(API_GATEWAY_CONFIG, { FLOTILLA_BOOTSTRAP_API_TOKEN: token, FLOTILLA_DATA_DIR: '/d' }) as ServiceEnv)).toMatchObject({ bootstrapApiToken: token, dataDir: '/d' });
    expect(apiGatewaySettings(parseConfig(API_GATEWAY_CONFIG, {}) as ServiceEnv)).toEqual({
      dataDir: './.flotilla',
      sessionDurationMs: 5 * 86_400_000,
      loginRateLimitPerMinute: 10,
      passwordResetRateLimitPerHour: 10,
      liveQueryRestPeriodMs: 25_000,
    });
  });

  it('reads the session duration and rate limits', () => {
    const env = { FLOTILLA_SESSION_DURATION: '24h', FLOTILLA_LOGIN_RATE_LIMIT: '3', FLOTILLA_PASSWORD_RESET_RATE_LIMIT: '2' };
    expect(apiGatewaySettings(parseConfig(API_GATEWAY_CONFIG, env) as ServiceEnv)).toMatchObject({ sessionDurationMs: 86_400_000, loginRateLimitPerMinute: 3, passwordResetRateLimitPerHour: 2 });
    expect(() => parseConfig(API_GATEWAY_CONFIG, { FLOTILLA_SESSION_DURATION: '10s' })).toThrow(ConfigError);
    expect(apiGatewaySettings(parseConfig(API_GATEWAY_CONFIG, { FLOTILLA_LIVE_QUERY_REST_PERIOD: '1500ms' }) as ServiceEnv).liveQueryRestPeriodMs).toBe(1_500);
    expect(() => parseConfig(API_GATEWAY_CONFIG, { FLOTILLA_LIVE_QUERY_REST_PERIOD: 'soon' })).toThrow(ConfigError);
  });

  it('rejects a token shorter than 32 characters without echoing it', () => {
    let error: unknown;
    try {
      parseConfig(API_GATEWAY_CONFIG, { FLOTILLA_BOOTSTRAP_API_TOKEN: 'short-secret-value' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([{ key: 'FLOTILLA_BOOTSTRAP_API_TOKEN', message: 'invalid value (hidden: secret)' }]);
    expect(String((error as Error).message)).not.toContain('short-secret-value');
  });
});
