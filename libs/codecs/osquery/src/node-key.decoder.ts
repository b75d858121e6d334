import { describeValue, isRecord, optionalString } from './json-values.util';
import { osqueryError } from './osquery.errors';

/** Body of config, distributed/read (and other host-authenticated) requests. */
export interface NodeKeyRequest {
  /** The body's `node_key`; absent or empty → undefined (the key may come in the Authorization header). */
  nodeKey?: string;
  /** (newer osquery) config ETag for conditional config responses. */
  etag?: string;
}

const NODE_KEY_SCHEME = /^\s*NodeKey\s+(\S+)\s*$/i;

/** Normalises an optional body `node_key`: wrong type → 'invalid_body', "" → undefined. */
export function bodyNodeKey(body: Record<string, unknown>): string | undefined {
  const key = optionalString(body, 'node_key', 'invalid_body');
  return key === undefined || key.trim() === '' ? undefined : key;
}

/** Decodes `{node_key, etag?}` (config, distributed/read). Throws 'invalid_body'. */
export function decodeNodeKeyRequest(json: unknown): NodeKeyRequest {
  if (!isRecord(json)) throw osqueryError('invalid_body', `body must be a JSON object, got ${describeValue(json)}`);
  const request: NodeKeyRequest = {};
  const nodeKey = bodyNodeKey(json);
  if (nodeKey !== undefined) request.nodeKey = nodeKey;
  const etag = optionalString(json, 'etag', 'invalid_body');
  if (etag !== undefined && etag !== '') request.etag = etag;
  return request;
}

/** Extracts the key from `Authorization: NodeKey <key>` (any scheme case); other schemes or none → undefined. */
export function nodeKeyFromAuthorization(header: string | readonly string[] | undefined): string | undefined {
  const value = typeof header === 'string' ? header : header?.[0];
  if (value === undefined) return undefined;
  return NODE_KEY_SCHEME.exec(value)?.[1];
}

/**
 * The node key a request authenticates with: the `Authorization: NodeKey` header wins over the
 * body's `node_key` (Fleet's order). Neither present or both empty → 'missing_node_key' (a 401 `node_invalid`).
 */
export function resolveNodeKey(bodyKey: string | undefined, authorization?: string | readonly string[]): string {
  const key = nodeKeyFromAuthorization(authorization) ?? (bodyKey?.trim() ? bodyKey : undefined);
  if (key === undefined) throw osqueryError('missing_node_key', 'node_key is missing or empty (body node_key and Authorization: NodeKey header)');
  return key;
}
