// Shared types of the osquery agent simulator (no runtime code).

/** One result row as osquery sends it: every value a string. */
export type OsqueryRow = Record<string, string>;

/** A JSON object as decoded from a response body. */
export type JsonObject = Record<string, unknown>;

/** The osquery TLS endpoints the simulator calls, relative to `/api/osquery/`. */
export type OsqueryEndpoint = 'enroll' | 'config' | 'distributed/read' | 'distributed/write' | 'log';

export const OSQUERY_ENDPOINTS: readonly OsqueryEndpoint[] = ['enroll', 'config', 'distributed/read', 'distributed/write', 'log'];

/** Where the node key travels: the JSON body (osquery), the `Authorization: NodeKey` header (newer Fleet), or both (orbit). */
export type NodeKeyPlacement = 'body' | 'header' | 'both';

/** Coarse OS family, used for scheduled-query `platform` filters and the live-query answer table. */
export type PlatformFamily = 'darwin' | 'linux' | 'windows';

/** Identity of one simulated host, derived from (seed, index). */
export interface HostIdentity {
  index: number;
  uuid: string;
  hostname: string;
  serialNumber: string;
  /** What `{{ .GetSerialNumber }}` renders: the serial, or "-1" for hosts reporting osquery's default serial. */
  reportedSerialNumber: string;
  diskEncryptionEnabled: boolean;
}

/** Knobs of the simulated osquery behaviour; all optional with osquery-perf-like defaults. */
export interface SimulatedHostBehaviour {
  /**
   * Called just before a distributed/write that carries live-query answers is sent (benchmarks
   * measure from here to the moment a client receives the rows): the host's hostname, the
   * `fleet_distributed_query_*` names, and the time (ms since epoch).
   */
  onLiveQueryWrite?: (hostname: string, queryNames: readonly string[], sentAtMs: number) => void;
  /** Called when the server answered 200 to a log request: these lines are now the server's to keep. */
  onLogsAcknowledged?: (hostname: string, logType: 'result' | 'status', lines: readonly JsonObject[]) => void;
  /** Period of distributed/read (osquery `--distributed_interval`). Default 10 s. */
  distributedIntervalMs?: number;
  /** Period of config refresh (`--config_refresh`). Default 60 s. */
  configIntervalMs?: number;
  /** Period of the TLS logger (`--logger_tls_period`). Default 10 s. */
  loggerPeriodMs?: number;
  /** Distributed period while a read's `accelerate` window is open (osquery: 5 s). Default 5 s, never above distributedIntervalMs. */
  accelerateIntervalMs?: number;
  /** Multiplies scheduled-query intervals (seconds in the config) — e.g. 0.01 turns 3600 s into 36 s. Default 1. */
  scheduleTimeScale?: number;
  /** Probability that a `fleet_policy_query_*` whose SQL is not `SELECT 1`/`SELECT 0` passes. Default 1 (osquery-perf). */
  policyPassProb?: number;
  /** Probability that a live query (`fleet_distributed_query_*`) returns no rows. Default 0.2. */
  liveQueryNoResultsProb?: number;
  /** Probability that a live query fails with status 1. Default 0. */
  liveQueryFailProb?: number;
  /** Answer to `fleet_detail_query_*` names the template lacks: `empty` = `[]` status 0 (default), `fail` = status 1. */
  unknownDetailQuery?: 'empty' | 'fail';
  /** Fixed answers by exact query name, checked before anything else. */
  answerOverrides?: Record<string, OsqueryRow[]>;
  /** Probability that a logger period also sends a batch of status lines (the first period always does). Default 0.1. */
  statusLogProb?: number;
  /** Result lines per log request (`--logger_tls_max_lines`). Default 1024. */
  loggerMaxLines?: number;
  /** Cap of buffered result lines; the oldest are dropped past it. Default 1,000,000 (osquery-perf). */
  maxBufferedLogLines?: number;
  /** First enroll retry delay; doubles per attempt with ±50 % jitter. Default 1 s. */
  enrollRetryBaseMs?: number;
  /** Cap of the enroll retry delay. Default 60 s. */
  enrollRetryMaxMs?: number;
}

/** Latency and outcome counters of one endpoint. */
export interface EndpointStatsSnapshot {
  endpoint: OsqueryEndpoint;
  /** Requests that completed (any outcome except being aborted by stop()). */
  count: number;
  /** HTTP ≥ 400 (other than node_invalid), network errors, timeouts, bodies that are not a JSON object or carry `error`. */
  errors: number;
  /** Responses with `node_invalid: true` (the host drops its key and re-enrolls; not an error except on enroll). */
  nodeInvalid: number;
  bytesSent: number;
  bytesReceived: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Last error reason seen on this endpoint, for diagnostics. */
  lastError?: string;
}

/** What AgentFleet.stats() returns. */
export interface AgentFleetStats {
  hosts: number;
  /** Hosts whose start delay has passed. */
  started: number;
  /** Hosts currently holding a node key. */
  enrolled: number;
  /** Hosts whose first check-in is complete: a distributed/write (the detail answers) succeeded. */
  checkedIn: number;
  /** Successful enrollments, first ones and re-enrollments. */
  enrollments: number;
  /** Successful enrollments of hosts that had lost their key to node_invalid. */
  reEnrollments: number;
  /** Queries answered in successful distributed/write requests. */
  queriesAnswered: number;
  distributedWrites: number;
  /** Result lines accepted by the log endpoint. */
  logLinesSent: number;
  /** Status lines accepted by the log endpoint. */
  statusLinesSent: number;
  /** Result lines waiting in the hosts' buffers. */
  bufferedLogLines: number;
  /** Exceptions in host loops that are not HTTP outcomes: simulator bugs, expected 0. */
  internalErrors: number;
  lastInternalError?: string;
  elapsedMs: number;
  endpoints: Record<OsqueryEndpoint, EndpointStatsSnapshot>;
}
