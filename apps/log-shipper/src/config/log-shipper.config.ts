import { ANY_SERVICE_SCHEMA, Env, envBool, envInt, envUrl, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';
import { keyProblem } from '@flotilla/platform-storage';
import { z } from 'zod';

/** Where osquery logs can go (Fleet's `osquery.result_log_plugin` / `status_log_plugin` values, plus s3 and nats). */
export const LOG_DESTINATIONS = ['filesystem', 'webhook', 's3', 'nats', 'kafkarest', 'firehose', 'stdout'] as const;
export type LogDestinationName = (typeof LOG_DESTINATIONS)[number];
export const LOG_TYPES = ['result', 'status'] as const;
export type LogType = (typeof LOG_TYPES)[number];

/** Comma-separated destinations; `none` (status logs only) ships nothing. */
const pluginList = (allowNone: boolean) =>
  z
    .string()
    .default('filesystem')
    .transform((v, ctx) => {
      const names = [...new Set(v.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean))];
      if (allowNone && names.length === 1 && names[0] === 'none') return [];
      const unknown = names.filter((n) => !(LOG_DESTINATIONS as readonly string[]).includes(n));
      if (names.length === 0 || unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `expected a comma-separated list of ${LOG_DESTINATIONS.join(', ')}${allowNone ? ', or none' : ''}` });
        return z.NEVER;
      }
      return names as LogDestinationName[];
    });

const named = (pattern: RegExp, what: string) => z.string().regex(pattern, { message: what }).optional();
const natsSubject = () => named(/^[^\s.*>]+(\.[^\s.*>]+)*$/, 'expected a NATS subject without wildcards (e.g. osquery.results)');
const kafkaTopic = () => named(/^[A-Za-z0-9._-]{1,249}$/, 'expected a Kafka topic name');
const firehoseStream = () => named(/^[A-Za-z0-9_.-]{1,64}$/, 'expected a Firehose delivery stream name');
const bucket = () => named(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name');

/** log-shipper's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const LOG_SHIPPER_OWN_CONFIG = {
  shape: {
    /** Destinations of result logs (comma-separated). */
    OSQUERY_RESULT_LOG_PLUGIN: pluginList(false),
    /** Destinations of status logs (comma-separated), or `none`. */
    OSQUERY_STATUS_LOG_PLUGIN: pluginList(true),
    /** Top-level field added to every delivered line with its dedupe id `<batchId>:<index>`; `none` adds nothing. */
    OSQUERY_LOG_ID_FIELD: z
      .string()
      .default('flotilla_log_id')
      .refine((v) => v === 'none' || /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(v), { message: 'expected a JSON field name (letters, digits, _ . -) or none' })
      .transform((v) => (v === 'none' ? '' : v)),
    /** Turn event-format `action:"snapshot"` result lines back into one snapshot line per query run. */
    OSQUERY_RESULT_LOG_SNAPSHOT_FORMAT: envBool(false),
    /** filesystem: where osqueryd.results.log / osqueryd.status.log are written (default <data dir>/logs). */
    OSQUERY_LOG_DIR: z.string().min(1).optional(),
    /** filesystem: rotate a log file once it reaches this size. */
    OSQUERY_LOG_ROTATE_BYTES: envInt(512 * 1024 * 1024, 1024),
    /** filesystem: rotated files kept per log (oldest deleted). */
    OSQUERY_LOG_MAX_FILES: envInt(5, 1, 1_000),
    /** filesystem: gzip rotated files (`.1.gz`, `.2.gz`, …). */
    OSQUERY_LOG_COMPRESS: envBool(true),
    /** Batch destinations send at most this many lines per request… */
    LOG_BATCH_MAX_LINES: envInt(1_000, 1, 100_000),
    /** …and at most this many bytes of lines… */
    LOG_BATCH_MAX_BYTES: envInt(1024 * 1024, 1024, 64 * 1024 * 1024),
    /** …and wait at most this long for more lines before sending. */
    LOG_BATCH_MAX_WAIT_MS: envInt(1_000, 0, 10_000),
    WEBHOOK_RESULT_URL: envUrl(['http', 'https']),
    WEBHOOK_STATUS_URL: envUrl(['http', 'https']),
    S3_RESULT_LOG_BUCKET: bucket(),
    S3_STATUS_LOG_BUCKET: bucket(),
    /** Prepended to every log object key, e.g. `osquery/`. */
    S3_LOG_PREFIX: z
      .string()
      .default('')
      .refine((v) => v === '' || keyProblem(`${v}x`) === undefined, { message: 'expected a relative key prefix (no leading /, no . or .. segments)' }),
    NATS_RESULT_LOG_SUBJECT: natsSubject(),
    NATS_STATUS_LOG_SUBJECT: natsSubject(),
    /** Confluent REST Proxy (v2 API) base URL. */
    KAFKAREST_PROXY_URL: envUrl(['http', 'https']),
    KAFKAREST_RESULT_TOPIC: kafkaTopic(),
    KAFKAREST_STATUS_TOPIC: kafkaTopic(),
    /** Firehose endpoint; unset: AWS's endpoint for FIREHOSE_REGION. */
    FIREHOSE_URL: envUrl(['http', 'https']),
    FIREHOSE_REGION: z.string().min(1).default('us-east-1'),
    /** Unset: the AWS SDK's default credential chain (environment, profile, web identity, instance role). */
    FIREHOSE_ACCESS_KEY_ID: z.string().min(1).optional(),
    FIREHOSE_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    FIREHOSE_RESULT_STREAM: firehoseStream(),
    FIREHOSE_STATUS_STREAM: firehoseStream(),
  },
  secrets: ['WEBHOOK_RESULT_URL', 'WEBHOOK_STATUS_URL', 'KAFKAREST_PROXY_URL', 'FIREHOSE_ACCESS_KEY_ID', 'FIREHOSE_SECRET_ACCESS_KEY'],
  check: (values, ctx) => {
    for (const logType of LOG_TYPES) {
      const pluginKey = `OSQUERY_${logType.toUpperCase()}_LOG_PLUGIN`;
      for (const destination of (values[pluginKey] as LogDestinationName[] | undefined) ?? []) {
        for (const key of requiredKeys(destination, logType)) {
          if (values[key] === undefined) {
            const why = key === 'NATS_URL' ? ' (standalone has no NATS of its own: give the server to publish to)' : '';
            ctx.addIssue({ code: 'custom', path: [key], message: `required when ${pluginKey} includes ${destination}${why}` });
          }
        }
      }
    }
    if (Boolean(values['FIREHOSE_ACCESS_KEY_ID']) !== Boolean(values['FIREHOSE_SECRET_ACCESS_KEY'])) {
      const missing = values['FIREHOSE_ACCESS_KEY_ID'] ? 'FIREHOSE_SECRET_ACCESS_KEY' : 'FIREHOSE_ACCESS_KEY_ID';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'FIREHOSE_ACCESS_KEY_ID and FIREHOSE_SECRET_ACCESS_KEY must be set together' });
    }
  },
} satisfies OwnConfig;

/** The keys a destination needs for one log type. */
function requiredKeys(destination: LogDestinationName, logType: LogType): string[] {
  const type = logType.toUpperCase();
  switch (destination) {
    case 'webhook':
      return [`WEBHOOK_${type}_URL`];
    case 's3':
      return [`S3_${type}_LOG_BUCKET`];
    case 'nats':
      return ['NATS_URL', `NATS_${type}_LOG_SUBJECT`];
    case 'kafkarest':
      return ['KAFKAREST_PROXY_URL', `KAFKAREST_${type}_TOPIC`];
    case 'firehose':
      return [`FIREHOSE_${type}_STREAM`];
    case 'filesystem':
    case 'stdout':
      return [];
  }
}

/**
 * The connection keys the s3 and nats destinations share with the platform (S3_*, NATS_URL).
 * A distributed log-shipper has them from its bus and storage dependencies; the standalone
 * process embeds its bus and storage and reads them only for these destinations. NATS_URL has no
 * default here: selecting nats in standalone without it is a configuration error.
 */
export const LOG_SHIPPER_STANDALONE_CONFIG = {
  shape: {
    NATS_URL: envUrl(['nats', 'tls', 'ws', 'wss']),
    S3_ENDPOINT: ANY_SERVICE_SCHEMA.shape.S3_ENDPOINT,
    S3_REGION: ANY_SERVICE_SCHEMA.shape.S3_REGION,
    S3_ACCESS_KEY_ID: ANY_SERVICE_SCHEMA.shape.S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: ANY_SERVICE_SCHEMA.shape.S3_SECRET_ACCESS_KEY,
    S3_FORCE_PATH_STYLE: ANY_SERVICE_SCHEMA.shape.S3_FORCE_PATH_STYLE,
  },
  secrets: ['NATS_URL', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'],
} satisfies OwnConfig;

export const LOG_SHIPPER_CONFIG = serviceConfigSpec('log-shipper', LOG_SHIPPER_OWN_CONFIG);

export function loadLogShipperConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(LOG_SHIPPER_CONFIG, env) as ServiceEnv;
}

type OwnKeys = { [K in keyof typeof LOG_SHIPPER_OWN_CONFIG.shape]: z.infer<(typeof LOG_SHIPPER_OWN_CONFIG.shape)[K]> };
type PerLogType = Partial<Record<LogType, string>>;

export interface LogShipperSettings {
  /** Destinations of each log type (status may have none). */
  routes: Record<LogType, readonly LogDestinationName[]>;
  idField: string | undefined;
  snapshotFormat: boolean;
  batch: { maxLines: number; maxBytes: number; maxWaitMs: number };
  filesystem: { dir: string; rotateBytes: number; maxFiles: number; compress: boolean };
  webhook: { urls: PerLogType };
  s3: {
    buckets: PerLogType;
    prefix: string;
    endpoint?: string;
    region: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    forcePathStyle: boolean;
  };
  nats: { url?: string; subjects: PerLogType };
  kafkarest: { proxyUrl?: string; topics: PerLogType };
  firehose: { endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; streams: PerLogType };
}

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * log-shipper's settings out of the parsed environment (ServiceEnv carries the own keys,
 * validated). Keys absent from `env` (a spec built without them, e.g. the OpenAPI generator)
 * fall back to the defaults: filesystem destinations only.
 */
export function logShipperSettings(env: ServiceEnv): LogShipperSettings {
  const own = env as ServiceEnv & Partial<OwnKeys>;
  return {
    routes: { result: own.OSQUERY_RESULT_LOG_PLUGIN ?? ['filesystem'], status: own.OSQUERY_STATUS_LOG_PLUGIN ?? ['filesystem'] },
    idField: (own.OSQUERY_LOG_ID_FIELD ?? 'flotilla_log_id') || undefined,
    snapshotFormat: own.OSQUERY_RESULT_LOG_SNAPSHOT_FORMAT ?? false,
    batch: { maxLines: own.LOG_BATCH_MAX_LINES ?? 1_000, maxBytes: own.LOG_BATCH_MAX_BYTES ?? 1024 * 1024, maxWaitMs: own.LOG_BATCH_MAX_WAIT_MS ?? 1_000 },
    filesystem: {
      dir: own.OSQUERY_LOG_DIR ?? `${env.FLOTILLA_DATA_DIR}/logs`,
      rotateBytes: own.OSQUERY_LOG_ROTATE_BYTES ?? 512 * 1024 * 1024,
      maxFiles: own.OSQUERY_LOG_MAX_FILES ?? 5,
      compress: own.OSQUERY_LOG_COMPRESS ?? true,
    },
    webhook: { urls: defined({ result: own.WEBHOOK_RESULT_URL, status: own.WEBHOOK_STATUS_URL }) },
    s3: defined({
      buckets: defined({ result: own.S3_RESULT_LOG_BUCKET, status: own.S3_STATUS_LOG_BUCKET }),
      prefix: own.S3_LOG_PREFIX ?? '',
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION ?? 'us-east-1',
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE ?? true,
    }),
    nats: defined({ url: env.NATS_URL, subjects: defined({ result: own.NATS_RESULT_LOG_SUBJECT, status: own.NATS_STATUS_LOG_SUBJECT }) }),
    kafkarest: defined({ proxyUrl: own.KAFKAREST_PROXY_URL, topics: defined({ result: own.KAFKAREST_RESULT_TOPIC, status: own.KAFKAREST_STATUS_TOPIC }) }),
    firehose: defined({
      endpoint: own.FIREHOSE_URL,
      region: own.FIREHOSE_REGION ?? 'us-east-1',
      accessKeyId: own.FIREHOSE_ACCESS_KEY_ID,
      secretAccessKey: own.FIREHOSE_SECRET_ACCESS_KEY,
      streams: defined({ result: own.FIREHOSE_RESULT_STREAM, status: own.FIREHOSE_STATUS_STREAM }),
    }),
  };
}
