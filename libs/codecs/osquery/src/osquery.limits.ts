import { DEFAULT_LIMITS } from '@flotilla/codec-core';

/** Body limits (decompressed bytes) Fleet applies per osquery endpoint; pass one as `maxBytes` to `decodeBody`. */
export const OSQUERY_LIMITS = {
  /** enroll, config, distributed/read, carve/begin: small bodies. */
  defaultMaxBytes: DEFAULT_LIMITS.maxBytes,
  /** distributed/write: Fleet's default cap is 5 MiB. */
  distributedWriteMaxBytes: 5 * 1024 * 1024,
  /** log: Fleet's default cap is 10 MiB. */
  logMaxBytes: 10 * 1024 * 1024,
} as const;
