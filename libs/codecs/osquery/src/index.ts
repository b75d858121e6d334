// osquery TLS remote API as Fleet speaks it: request bodies, log lines, detail queries → host vitals.

/** Codec name, closed error-code union, error type/factory/guard. */
export { OSQUERY_CODEC, osqueryError, isOsqueryCodecError } from './osquery.errors';
/** Closed union of every CodecError code this codec throws, and the error type. */
export type { OsqueryErrorCode, OsqueryCodecError } from './osquery.errors';
/** Fleet's per-endpoint body limits (decompressed bytes). */
export { OSQUERY_LIMITS } from './osquery.limits';
/** A string-valued result row, and a parsed JSON object. */
export type { OsqueryRow, JsonRecord } from './json-values.util';

/** Inflates (gzip/deflate, bomb-guarded) and JSON-parses a request body. */
export { decodeBody } from './body.decoder';
/** Options of decodeBody: Content-Encoding header and decompressed size limit. */
export type { DecodeBodyOptions } from './body.decoder';

/** Decodes an enroll body (secret, host identifier, platform type, host_details). */
export { decodeEnrollRequest } from './enroll.decoder';
/** Picks the host identifier per Fleet's osquery.host_identifier mode. */
export { enrollHostIdentifier } from './enroll.decoder';
/** A decoded enroll body, and the host-identifier modes. */
export type { EnrollRequest, HostIdentifierMode } from './enroll.decoder';
/** Decodes `{node_key, etag?}` bodies (config, distributed/read). */
export { decodeNodeKeyRequest } from './node-key.decoder';
/** Reads the key from an `Authorization: NodeKey <key>` header. */
export { nodeKeyFromAuthorization } from './node-key.decoder';
/** The node key a request authenticates with (header first, then body) or 'missing_node_key'. */
export { resolveNodeKey } from './node-key.decoder';
/** A decoded config / distributed-read body. */
export type { NodeKeyRequest } from './node-key.decoder';
/** Decodes a distributed write into one result per query name. */
export { decodeDistributedWrite } from './distributed-write.decoder';
/** A decoded distributed write, one query result, and osquery's performance sample. */
export type { DistributedWriteRequest, DistributedQueryResult, DistributedQueryStats } from './distributed-write.decoder';
/** Decodes a logger body (`log_type` status|result, `data` lines). */
export { decodeLogRequest } from './log-request.decoder';
/** A decoded logger body and its log type. */
export type { LogRequest, LogType } from './log-request.decoder';

/** Parses one result log line (event, snapshot or batch format). */
export { parseResultLine } from './result-log.parser';
/** Merges event-format snapshot lines back into snapshot lines. */
export { eventsToSnapshot } from './result-log.parser';
/** The parsed result-line union and its members. */
export type { ResultLine, ResultLineBase, EventResultLine, SnapshotResultLine, BatchResultLine } from './result-log.parser';
/** Parses one status log line. */
export { parseStatusLine } from './status-log.parser';
/** A parsed status line and its glog severity. */
export type { StatusLine, StatusSeverity } from './status-log.parser';
/** Fleet's distributed query name prefixes and the no-policies wildcard name. */
export { FLEET_QUERY_PREFIX, FLEET_NO_POLICIES_WILDCARD } from './query-name.parser';
/** Classifies a distributed query name (detail, label, policy, live…). */
export { classifyQueryName } from './query-name.parser';
/** Splits a scheduled query's log name into global/team scope and query name. */
export { parseScheduledQueryName } from './query-name.parser';
/** Which scheduled query a pack name and query name point to (Global, team-<id>, legacy pack). */
export { scheduledQueryRef } from './query-name.parser';
/** What classifyQueryName and parseScheduledQueryName return, and a name that points somewhere. */
export type { DistributedQueryName, ScheduledQueryName, ScheduledQueryRef } from './query-name.parser';

/** Every detail query, by Fleet's names. */
export { DETAIL_QUERIES } from './detail-queries.catalog';
/** The detail queries for a host platform. */
export { detailQueriesFor } from './detail-queries.catalog';
/** A detail query by bare or `fleet_detail_query_`-prefixed name. */
export { findDetailQuery } from './detail-queries.catalog';
/** Ingests the detail-query results of a distributed write into one vitals patch. */
export { ingestDetailResults } from './detail-queries.catalog';
/** What ingestDetailResults returns. */
export type { DetailIngestOutcome } from './detail-queries.catalog';
/** A detail query definition and one answer row. */
export type { DetailQuery, DetailRow } from './detail-query.types';
/** Vitals from an enroll request's host_details. */
export { vitalsFromEnrollDetails } from './enroll-vitals';
/** Boot time from uptime and the caller's clock. */
export { lastRestartedAt } from './host-vitals';
/** Host vitals, the patch one query yields, and their nested parts. */
export type { HostVitals, HostVitalsPatch, HostUser, HostMdm, HostMunki, HostOperatingSystem, HostScheduledQueryStat } from './host-vitals';
/** Blanks placeholder hardware serials ("-1", "Default string"…). */
export { normalizeHardwareSerial } from './detail-queries.core.catalog';
/** Picks the primary IP/MAC row among network_interface answers. */
export { choosePrimaryInterface } from './primary-interface.util';
/** The primary interface's address and MAC. */
export type { PrimaryInterface } from './primary-interface.util';
/** Linux platform values and the platform → family mapping. */
export { LINUX_PLATFORMS, platformFamily } from './host-platform';
/** The four platform families detail queries target. */
export type { PlatformFamily } from './host-platform';
