import { ConfigError, parseConfig, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';
import { LOG_SHIPPER_CONFIG, LOG_SHIPPER_OWN_CONFIG, LOG_SHIPPER_STANDALONE_CONFIG, logShipperSettings } from './log-shipper.config';

const STANDALONE = standaloneConfigSpec([LOG_SHIPPER_OWN_CONFIG, LOG_SHIPPER_STANDALONE_CONFIG]);

function issues(fn: () => unknown): Array<{ key: string; message: string }> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return [...err.issues];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const distributed = (env: Record<string, string>) => logShipperSettings(parseConfig(LOG_SHIPPER_CONFIG, env) as ServiceEnv);
const standalone = (env: Record<string, string>) => logShipperSettings(parseConfig(STANDALONE, env) as ServiceEnv);

describe('log-shipper configuration', () => {
  it('ships both log types to the filesystem by default, with the dedupe field and batching defaults', () => {
    const s = distributed({ FLOTILLA_DATA_DIR: '/data' });
    expect(s.routes).toEqual({ result: ['filesystem'], status: ['filesystem'] });
    expect(s.idField).toBe('flotilla_log_id');
    expect(s.snapshotFormat).toBe(false);
    expect(s.batch).toEqual({ maxLines: 1000, maxBytes: 1024 * 1024, maxWaitMs: 1000 });
    expect(s.filesystem).toEqual({ dir: '/data/logs', rotateBytes: 512 * 1024 * 1024, maxFiles: 5, compress: true });
  });

  it('listens on 8090 with the bus and storage keys of a distributed service', () => {
    const env = parseConfig(LOG_SHIPPER_CONFIG, {}) as ServiceEnv;
    expect(env.PORT).toBe(8090);
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.STORAGE_BACKEND).toBe('folder');
  });

  it('reads comma-separated destinations per log type; status may be none; the id field may be turned off', () => {
    const s = distributed({
      OSQUERY_RESULT_LOG_PLUGIN: ' Webhook, s3 ,webhook',
      OSQUERY_STATUS_LOG_PLUGIN: 'none',
      WEBHOOK_RESULT_URL: 'https://hooks.example.com/osquery',
      S3_RESULT_LOG_BUCKET: 'osquery-results',
      S3_LOG_PREFIX: 'fleet/',
      OSQUERY_LOG_ID_FIELD: 'none',
      OSQUERY_RESULT_LOG_SNAPSHOT_FORMAT: 'true',
    });
    expect(s.routes).toEqual({ result: ['webhook', 's3'], status: [] });
    expect(s.webhook.urls).toEqual({ result: 'https://hooks.example.com/osquery' });
    expect(s.s3).toMatchObject({ buckets: { result: 'osquery-results' }, prefix: 'fleet/' });
    expect(s.idField).toBeUndefined();
    expect(s.snapshotFormat).toBe(true);
  });

  it('names every key a selected destination lacks, at once', () => {
    const found = issues(() =>
      parseConfig(LOG_SHIPPER_CONFIG, {
        OSQUERY_RESULT_LOG_PLUGIN: 'webhook,kafkarest,firehose,s3,nats',
        OSQUERY_STATUS_LOG_PLUGIN: 'webhook',
      }),
    );
    expect(found.map((i) => i.key).sort()).toEqual([
      'FIREHOSE_RESULT_STREAM',
      'KAFKAREST_PROXY_URL',
      'KAFKAREST_RESULT_TOPIC',
      'NATS_RESULT_LOG_SUBJECT',
      'S3_RESULT_LOG_BUCKET',
      'WEBHOOK_RESULT_URL',
      'WEBHOOK_STATUS_URL',
    ]);
    expect(found.find((i) => i.key === 'WEBHOOK_STATUS_URL')?.message).toBe('required when OSQUERY_STATUS_LOG_PLUGIN includes webhook');
  });

  it('refuses unknown destinations, none for results, and malformed names', () => {
    const found = issues(() =>
      parseConfig(LOG_SHIPPER_CONFIG, {
        OSQUERY_RESULT_LOG_PLUGIN: 'none',
        OSQUERY_STATUS_LOG_PLUGIN: 'filesystem,kinesis',
        OSQUERY_LOG_ID_FIELD: 'has space',
        NATS_STATUS_LOG_SUBJECT: 'logs.>',
        S3_STATUS_LOG_BUCKET: 'Upper_Case',
        S3_LOG_PREFIX: '/abs/',
        LOG_BATCH_MAX_WAIT_MS: '60000',
      }),
    );
    expect(found.map((i) => i.key).sort()).toEqual([
      'LOG_BATCH_MAX_WAIT_MS',
      'NATS_STATUS_LOG_SUBJECT',
      'OSQUERY_LOG_ID_FIELD',
      'OSQUERY_RESULT_LOG_PLUGIN',
      'OSQUERY_STATUS_LOG_PLUGIN',
      'S3_LOG_PREFIX',
      'S3_STATUS_LOG_BUCKET',
    ]);
  });

  it('standalone refuses the nats destination without NATS_URL, and takes it when given', () => {
    const env = { OSQUERY_RESULT_LOG_PLUGIN: 'nats', NATS_RESULT_LOG_SUBJECT: 'osquery.results' };
    expect(issues(() => parseConfig(STANDALONE, env))).toEqual([
      { key: 'NATS_URL', message: expect.stringContaining('required when OSQUERY_RESULT_LOG_PLUGIN includes nats') },
    ]);
    expect(standalone({ ...env, NATS_URL: 'nats://10.0.0.5:4222' }).nats).toEqual({ url: 'nats://10.0.0.5:4222', subjects: { result: 'osquery.results' } });
    // Distributed: the bus's NATS_URL (default nats://127.0.0.1:4222) is the destination's too.
    expect(distributed(env).nats.url).toBe('nats://127.0.0.1:4222');
  });

  it('standalone reads the S3 connection keys for the s3 destination only', () => {
    const s = standalone({ OSQUERY_STATUS_LOG_PLUGIN: 's3', S3_STATUS_LOG_BUCKET: 'status-logs', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' });
    expect(s.s3).toMatchObject({ buckets: { status: 'status-logs' }, endpoint: 'http://minio:9000', region: 'us-east-1', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true });
  });

  it('never prints secret values (webhook URLs and proxy URLs may carry tokens)', () => {
    const secret = 'token-abcdef-0123456789';
    let message = '';
    try {
      parseConfig(LOG_SHIPPER_CONFIG, { OSQUERY_RESULT_LOG_PLUGIN: 'webhook', WEBHOOK_RESULT_URL: `ftp://x/?t=${secret}`, FIREHOSE_ACCESS_KEY_ID: secret });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('WEBHOOK_RESULT_URL');
    expect(message).toContain('FIREHOSE_SECRET_ACCESS_KEY');
    expect(message).not.toContain(secret);
  });

  it('falls back to the defaults when the env carries none of its keys (a spec built without them)', () => {
    const s = logShipperSettings(parseConfig(standaloneConfigSpec(), { FLOTILLA_DATA_DIR: '/d' }) as ServiceEnv);
    expect(s.routes).toEqual({ result: ['filesystem'], status: ['filesystem'] });
    expect(s.idField).toBe('flotilla_log_id');
    expect(s.filesystem.dir).toBe('/d/logs');
  });
});
