import { Env, envInt, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';
import { z } from 'zod';

/** osquery-ingest's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const OSQUERY_INGEST_OWN_CONFIG = {
  shape: {
    /** How often a host re-runs its detail (vitals) queries, in seconds (Fleet: osquery.detail_update_interval). */
    OSQUERY_DETAIL_UPDATE_INTERVAL_S: envInt(3_600, 60),
    /** How often a host re-runs the dynamic label queries, in seconds (Fleet: osquery.label_update_interval). */
    OSQUERY_LABEL_UPDATE_INTERVAL_S: envInt(3_600, 60),
    /** How often a host re-runs its policies, in seconds (Fleet: osquery.policy_update_interval). */
    OSQUERY_POLICY_UPDATE_INTERVAL_S: envInt(3_600, 60),
    /** Label and policy answers are written in batches (many hosts per transaction) at most this often. */
    OSQUERY_MEMBERSHIP_FLUSH_MS: envInt(1_000, 10, 60_000),
    /** A host's answer to a live query is cut to this many rows (the result says how many were dropped). */
    OSQUERY_LIVE_QUERY_MAX_ROWS: envInt(10_000, 1, 1_000_000),
    /** A scheduled query's report keeps at most this many rows of each host's latest result (the rest is counted and marked clipped). */
    OSQUERY_QUERY_REPORT_MAX_ROWS: envInt(1_000, 1, 100_000),
    /** Hosts are spread over this share of the interval, in whole minutes, so they don't all refresh at once. */
    OSQUERY_MAX_JITTER_PERCENT: envInt(10, 0, 100),
    /** Global enroll secret created at first start when none exists (otherwise a random one is generated). */
    FLOTILLA_ENROLL_SECRET: z.string().min(8).max(255).optional(),
    /** How often batched "last seen" times are written. */
    OSQUERY_SEEN_FLUSH_MS: envInt(10_000, 100),
  },
  secrets: ['FLOTILLA_ENROLL_SECRET'],
} satisfies OwnConfig;

export const OSQUERY_INGEST_CONFIG = serviceConfigSpec('osquery-ingest', OSQUERY_INGEST_OWN_CONFIG);

export function loadOsqueryIngestConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(OSQUERY_INGEST_CONFIG, env) as ServiceEnv;
}

type OwnKeys = { [K in keyof typeof OSQUERY_INGEST_OWN_CONFIG.shape]: z.infer<(typeof OSQUERY_INGEST_OWN_CONFIG.shape)[K]> };

export interface OsqueryIngestSettings {
  detailUpdateIntervalMs: number;
  labelUpdateIntervalMs: number;
  policyUpdateIntervalMs: number;
  membershipFlushMs: number;
  liveQueryMaxRows: number;
  queryReportMaxRows: number;
  maxJitterPercent: number;
  enrollSecret?: string;
  seenFlushMs: number;
  dataDir: string;
}

/** osquery-ingest's settings out of the parsed environment (ServiceEnv carries the own keys, validated). */
export function osqueryIngestSettings(env: ServiceEnv): OsqueryIngestSettings {
  const own = env as ServiceEnv & OwnKeys;
  return {
    detailUpdateIntervalMs: own.OSQUERY_DETAIL_UPDATE_INTERVAL_S * 1000,
    labelUpdateIntervalMs: own.OSQUERY_LABEL_UPDATE_INTERVAL_S * 1000,
    policyUpdateIntervalMs: own.OSQUERY_POLICY_UPDATE_INTERVAL_S * 1000,
    membershipFlushMs: own.OSQUERY_MEMBERSHIP_FLUSH_MS,
    liveQueryMaxRows: own.OSQUERY_LIVE_QUERY_MAX_ROWS,
    queryReportMaxRows: own.OSQUERY_QUERY_REPORT_MAX_ROWS,
    maxJitterPercent: own.OSQUERY_MAX_JITTER_PERCENT,
    ...(own.FLOTILLA_ENROLL_SECRET ? { enrollSecret: own.FLOTILLA_ENROLL_SECRET } : {}),
    seenFlushMs: own.OSQUERY_SEEN_FLUSH_MS,
    dataDir: env.FLOTILLA_DATA_DIR,
  };
}
