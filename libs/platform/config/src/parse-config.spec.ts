import { ConfigError } from './config.errors';
import { envDuration } from './config-keys';
import { configKeys, parseConfig } from './parse-config';
import { platformSettings, serviceConfigSpec, ServiceEnv, standaloneConfigSpec } from './service-config';
import { z } from 'zod';

function issuesOf(fn: () => unknown): Array<{ key: string; message: string }> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return [...err.issues];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  const spec = serviceConfigSpec('osquery-ingest');

  it('applies defaults for an empty environment', () => {
    const env = parseConfig(spec, {}) as ServiceEnv;
    expect(env.PORT).toBe(8082);
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.MYSQL_URL).toBe('mysql://root@127.0.0.1:3306/flotilla');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.STORAGE_BACKEND).toBe('folder');
    expect(env.DB_AUTO_MIGRATE).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect((parseConfig(spec, { PORT: '' }) as ServiceEnv).PORT).toBe(8082);
  });

  it('lists every bad key at once', () => {
    const issues = issuesOf(() => parseConfig(spec, { PORT: 'eighty', LOG_LEVEL: 'loud', DB_AUTO_MIGRATE: 'maybe', NATS_URL: 'http://x' }));
    expect(issues.map((i) => i.key).sort()).toEqual(['DB_AUTO_MIGRATE', 'LOG_LEVEL', 'NATS_URL', 'PORT']);
  });

  it('never prints secret values, even when they are invalid', () => {
    const secret = 'hunter2-super-secret';
    let message = '';
    try {
      parseConfig(spec, { MYSQL_URL: `postgres://u:${secret}@h/db`, S3_SECRET_ACCESS_KEY: '', REDIS_URL: secret });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('MYSQL_URL');
    expect(message).toContain('REDIS_URL');
    expect(message).not.toContain(secret);
  });

  it('does not echo received values for non-secret keys either', () => {
    const issues = issuesOf(() => parseConfig(spec, { LOG_LEVEL: 'very-loud-value' }));
    expect(issues[0]?.message).not.toContain('very-loud-value');
  });

  it('requires TLS cert and key together', () => {
    const issues = issuesOf(() => parseConfig(spec, { FLOTILLA_TLS_CERT: '/c.pem' }));
    expect(issues).toEqual([{ key: 'FLOTILLA_TLS_KEY', message: expect.stringContaining('together') }]);
  });

  it('requires a bucket and endpoint for S3 storage', () => {
    const issues = issuesOf(() => parseConfig(spec, { STORAGE_BACKEND: 's3' }));
    expect(issues.map((i) => i.key).sort()).toEqual(['S3_BUCKET', 'S3_ENDPOINT']);
  });

  it('gives each service only the keys of the dependencies it uses', () => {
    expect(configKeys(serviceConfigSpec('live-query'))).toEqual(expect.arrayContaining(['NATS_URL', 'REDIS_URL']));
    expect(configKeys(serviceConfigSpec('live-query'))).not.toContain('MYSQL_URL');
    expect(configKeys(serviceConfigSpec('vuln'))).not.toContain('REDIS_URL');
    expect(configKeys(serviceConfigSpec('vuln'))).not.toContain('S3_BUCKET');
  });

  it('runs a service\'s cross-key checks in both specs, and explains an unset secret (there is no value to hide)', () => {
    const own = {
      shape: { VULN_MODE: z.string().optional(), VULN_TOKEN: z.string().optional() },
      secrets: ['VULN_TOKEN'],
      check: (v: Readonly<Record<string, unknown>>, ctx: z.RefinementCtx) => {
        if (v['VULN_MODE'] === 'remote' && !v['VULN_TOKEN']) ctx.addIssue({ code: 'custom', path: ['VULN_TOKEN'], message: 'required when VULN_MODE=remote' });
      },
    };
    for (const spec of [serviceConfigSpec('vuln', own), standaloneConfigSpec([own])]) {
      expect(issuesOf(() => parseConfig(spec, { VULN_MODE: 'remote' }))).toEqual([{ key: 'VULN_TOKEN', message: 'required when VULN_MODE=remote' }]);
      expect(() => parseConfig(spec, { VULN_MODE: 'remote', VULN_TOKEN: 't' })).not.toThrow();
    }
  });

  it('merges a service\'s own keys into its spec and the standalone spec', () => {
    const own = { shape: { VULN_FEED_URL: z.string().url().default('https://example.test/feed') }, secrets: ['VULN_TOKEN'] };
    expect(configKeys(serviceConfigSpec('vuln', own))).toContain('VULN_FEED_URL');
    expect(configKeys(standaloneConfigSpec([own]))).toContain('VULN_FEED_URL');
    expect(standaloneConfigSpec([own]).secrets).toContain('VULN_TOKEN');
  });
});

describe('platformSettings', () => {
  it('standalone uses embedded SQLite and a folder under the data dir', () => {
    const env = parseConfig(standaloneConfigSpec(), { FLOTILLA_DATA_DIR: '/data' }) as ServiceEnv;
    const s = platformSettings('standalone', env);
    expect(s.http.port).toBe(8080);
    expect(s.db).toEqual({ dialect: 'sqlite', sqlitePath: '/data/flotilla.sqlite', autoMigrate: true });
    expect(s.storage).toEqual({ backend: 'folder', folder: '/data/objects' });
    expect(s.bus.natsUrl).toBeUndefined();
  });

  it('distributed uses MySQL, Redis, NATS and S3 when configured', () => {
    const env = parseConfig(serviceConfigSpec('api-gateway'), {
      STORAGE_BACKEND: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'flotilla',
      MYSQL_URL: 'mysql://u:p@db:3306/fl',
    }) as ServiceEnv;
    const s = platformSettings('distributed', env);
    expect(s.db).toEqual({ dialect: 'mysql', url: 'mysql://u:p@db:3306/fl', autoMigrate: false });
    expect(s.cache.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(s.storage.backend).toBe('s3');
    expect(s.storage.s3).toMatchObject({ endpoint: 'http://minio:9000', bucket: 'flotilla', forcePathStyle: true });
  });
});

describe('envDuration', () => {
  const schema = envDuration('5d', 1_000);
  it.each([
    [undefined, 5 * 86_400_000],
    ['90', 90_000],
    ['90s', 90_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['1.5h', 5_400_000],
    ['2500ms', 2_500],
  ])('reads %s as %d ms', (raw, ms) => {
    expect(schema.parse(raw)).toBe(ms);
  });

  it.each(['', 'soon', '5 days', '-1s', '10ms', '5w'])('refuses %j', (raw) => {
    expect(schema.safeParse(raw).success).toBe(false);
  });
});
