import { Env, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';

/** osquery-ingest's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const OSQUERY_INGEST_OWN_CONFIG: OwnConfig = { shape: {}, secrets: [] };

export const OSQUERY_INGEST_CONFIG = serviceConfigSpec('osquery-ingest', OSQUERY_INGEST_OWN_CONFIG);

export function loadOsqueryIngestConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(OSQUERY_INGEST_CONFIG, env) as ServiceEnv;
}
