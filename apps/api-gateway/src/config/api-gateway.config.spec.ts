import { ConfigError, parseConfig, ServiceEnv } from '@flotilla/platform-config';
import { API_GATEWAY_CONFIG, apiGatewaySettings } from './api-gateway.config';

describe('api-gateway config', () => {
  it('reads FLOTILLA_BOOTSTRAP_API_TOKEN (optional) into the settings', () => {
    const token = 't'.repeat(32);
    expect(apiGatewaySettings(parseConfig(API_GATEWAY_CONFIG, { FLOTILLA_BOOTSTRAP_API_TOKEN: token, FLOTILLA_DATA_DIR: '/d' }) as ServiceEnv)).toEqual({ bootstrapApiToken: token, dataDir: '/d' });
    expect(apiGatewaySettings(parseConfig(API_GATEWAY_CONFIG, {}) as ServiceEnv)).toEqual({ dataDir: './.flotilla' });
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
