import { DependencyKind, SERVICE_DEFAULT_PORTS, SERVICE_DEPENDENCIES, ServiceName } from '@flotilla/domain';
import { z } from 'zod';
import { envBool, envInt, envLogLevel, envPort, envUrl, LogLevel } from './config-keys';
import { ConfigSpec } from './parse-config';

export type RunMode = 'standalone' | 'distributed';

export const httpKeys = (defaultPort: number) => ({
  PORT: envPort(defaultPort),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: envLogLevel(),
  /** PEM files; HTTPS is served when both are set (osquery and Apple MDM only speak HTTPS). */
  FLOTILLA_TLS_CERT: z.string().min(1).optional(),
  FLOTILLA_TLS_KEY: z.string().min(1).optional(),
  /** Default request body limit; endpoints may set their own. */
  HTTP_BODY_LIMIT_BYTES: envInt(10 * 1024 * 1024, 1024),
  /** Where local state lives: SQLite file and object folder in standalone, object folder in distributed when STORAGE_BACKEND=folder. */
  FLOTILLA_DATA_DIR: z.string().min(1).default('./.flotilla'),
  /**
   * Proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDRs, e.g. the edge or
   * ingress): the client IP behind them is what login throttling and logs see. Empty: none.
   */
  FLOTILLA_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((p) => p.trim()).filter((p) => p.length > 0))
    .refine((list) => list.every((p) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p)), { message: 'expected comma-separated IP addresses or CIDRs' }),
});

const DEPENDENCY_KEYS = {
  bus: {
    NATS_URL: envUrl(['nats', 'tls', 'ws', 'wss'], 'nats://127.0.0.1:4222'),
    /** Namespace for every subject and stream, so deployments sharing a NATS server stay apart (e.g. `staging`). */
    NATS_SUBJECT_PREFIX: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'lowercase letters, digits and dashes, at most 40' })
      .optional(),
  },
  db: {
    MYSQL_URL: envUrl(['mysql', 'mariadb'], 'mysql://root@127.0.0.1:3306/flotilla'),
    DB_AUTO_MIGRATE: envBool(false),
  },
  cache: {
    REDIS_URL: envUrl(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
    REDIS_KEY_PREFIX: z.string().default('flotilla:'),
  },
  storage: {
    /** `folder` keeps objects under FLOTILLA_DATA_DIR/objects (single machine); `s3` uses an S3-compatible store. */
    STORAGE_BACKEND: z.enum(['folder', 's3'], { message: 'expected folder or s3' }).default('folder'),
    S3_ENDPOINT: envUrl(['http', 'https']),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().min(3).max(63).optional(),
    S3_PREFIX: z.string().default(''),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: envBool(true),
  },
} as const satisfies Record<DependencyKind, z.ZodRawShape>;

const SECRETS = ['NATS_URL', 'MYSQL_URL', 'REDIS_URL', 'S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID'] as const;

/** Every key any service may read (each service reads the subset of its dependencies). */
export const ANY_SERVICE_SCHEMA = z.object({
  ...httpKeys(0),
  ...DEPENDENCY_KEYS.bus,
  ...DEPENDENCY_KEYS.db,
  ...DEPENDENCY_KEYS.cache,
  ...DEPENDENCY_KEYS.storage,
});

/** What any service's env parses to; keys of dependencies the service doesn't use are absent. */
export type ServiceEnv = Partial<z.infer<typeof ANY_SERVICE_SCHEMA>> & z.infer<z.ZodObject<ReturnType<typeof httpKeys>>>;

function withChecks<S extends z.ZodObject>(schema: S, owners: readonly OwnConfig[] = []): S {
  return schema.superRefine((v: Record<string, unknown>, ctx) => {
    for (const own of owners) own.check?.(v, ctx);
    if (Boolean(v['FLOTILLA_TLS_CERT']) !== Boolean(v['FLOTILLA_TLS_KEY'])) {
      const missing = v['FLOTILLA_TLS_CERT'] ? 'FLOTILLA_TLS_KEY' : 'FLOTILLA_TLS_CERT';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'FLOTILLA_TLS_CERT and FLOTILLA_TLS_KEY must be set together' });
    }
    if (v['STORAGE_BACKEND'] === 's3') {
      for (const key of ['S3_BUCKET', 'S3_ENDPOINT'] as const) {
        if (!v[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when STORAGE_BACKEND=s3' });
      }
    }
  }) as unknown as S;
}

/** Config spec of one service running as its own process (distributed mode). Apps extend it with their own keys. */
/** A service's own keys (beyond the platform's), shared by its process config and the standalone config. */
export interface OwnConfig {
  shape?: z.ZodRawShape;
  secrets?: readonly string[];
  /**
   * Checks across keys once each key has parsed (e.g. a key required when another selects the
   * feature that needs it); report each problem with `path: [key]`.
   */
  check?: (values: Readonly<Record<string, unknown>>, ctx: z.RefinementCtx) => void;
}

export function serviceConfigSpec(service: ServiceName, own: OwnConfig = {}): ConfigSpec {
  const shape: z.ZodRawShape = { ...httpKeys(SERVICE_DEFAULT_PORTS[service]) };
  for (const dep of SERVICE_DEPENDENCIES[service]) Object.assign(shape, DEPENDENCY_KEYS[dep]);
  Object.assign(shape, own.shape);
  return { schema: withChecks(z.object(shape), [own]), secrets: [...SECRETS.filter((k) => k in shape), ...(own.secrets ?? [])] };
}

/** Config spec of the all-in-one standalone process: embedded SQLite, in-process bus, memory cache, folder storage. */
export function standaloneConfigSpec(serviceKeys: readonly OwnConfig[] = []): ConfigSpec {
  const shape: z.ZodRawShape = { ...httpKeys(8080) };
  for (const own of serviceKeys) Object.assign(shape, own.shape);
  return { schema: withChecks(z.object(shape), serviceKeys), secrets: serviceKeys.flatMap((o) => o.secrets ?? []) };
}

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface HttpSettings {
  port: number;
  host: string;
  bodyLimit: number;
  /** IPs/CIDRs whose X-Forwarded-For is believed (Fastify `trustProxy`). */
  trustedProxies: readonly string[];
  tls?: TlsFiles;
}

export interface StorageSettings {
  backend: 'folder' | 's3';
  folder: string;
  s3?: { endpoint: string; region: string; bucket: string; keyPrefix: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
}

/** The parsed env turned into what the platform needs, per mode. */
export interface PlatformSettings {
  mode: RunMode;
  logLevel: LogLevel;
  dataDir: string;
  http: HttpSettings;
  bus: { natsUrl?: string; subjectPrefix?: string };
  db: { dialect: 'mysql' | 'sqlite'; url?: string; sqlitePath?: string; autoMigrate: boolean };
  cache: { redisUrl?: string; keyPrefix: string };
  storage: StorageSettings;
}

export function platformSettings(mode: RunMode, env: ServiceEnv): PlatformSettings {
  const dataDir = env.FLOTILLA_DATA_DIR;
  const tls = env.FLOTILLA_TLS_CERT && env.FLOTILLA_TLS_KEY ? { certFile: env.FLOTILLA_TLS_CERT, keyFile: env.FLOTILLA_TLS_KEY } : undefined;
  const standalone = mode === 'standalone';
  return {
    mode,
    logLevel: env.LOG_LEVEL,
    dataDir,
    http: { port: env.PORT, host: env.HOST, bodyLimit: env.HTTP_BODY_LIMIT_BYTES, trustedProxies: env.FLOTILLA_TRUSTED_PROXIES ?? [], ...(tls ? { tls } : {}) },
    bus: standalone ? {} : { ...(env.NATS_URL ? { natsUrl: env.NATS_URL } : {}), ...(env.NATS_SUBJECT_PREFIX ? { subjectPrefix: env.NATS_SUBJECT_PREFIX } : {}) },
    db: standalone
      ? { dialect: 'sqlite', sqlitePath: `${dataDir}/flotilla.sqlite`, autoMigrate: true }
      : { dialect: 'mysql', ...(env.MYSQL_URL ? { url: env.MYSQL_URL } : {}), autoMigrate: env.DB_AUTO_MIGRATE ?? false },
    cache: { ...(!standalone && env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}), keyPrefix: env.REDIS_KEY_PREFIX ?? 'flotilla:' },
    storage: storageSettings(standalone, env, `${dataDir}/objects`),
  };
}

function storageSettings(standalone: boolean, env: ServiceEnv, folder: string): StorageSettings {
  if (standalone || env.STORAGE_BACKEND !== 's3' || !env.S3_ENDPOINT || !env.S3_BUCKET) return { backend: 'folder', folder };
  return {
    backend: 's3',
    folder,
    s3: {
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION ?? 'us-east-1',
      bucket: env.S3_BUCKET,
      keyPrefix: env.S3_PREFIX ?? '',
      ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
      ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
      forcePathStyle: env.S3_FORCE_PATH_STYLE ?? true,
    },
  };
}
