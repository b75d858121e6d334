import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { abortError } from './abortable';
import type { JsonObject, NodeKeyPlacement, OsqueryEndpoint } from './agent-sim.types';
import type { FleetStatsCollector } from './fleet-stats';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface OsqueryTransportOptions {
  /** `http://` or `https://` origin of the server, optionally with a path prefix. */
  baseUrl: string;
  stats: FleetStatsCollector;
  /** Gzip request bodies (`Content-Encoding: gzip`) and accept gzip responses. Default false. */
  gzip?: boolean;
  /** Where the node key goes. Default `body` (plain osquery). */
  nodeKeyIn?: NodeKeyPlacement;
  /** Extra CA certificate(s), PEM, for a self-signed server. */
  ca?: string | Buffer;
  /** Skip TLS verification entirely (like osquery-perf). */
  insecure?: boolean;
  /** Per-request timeout (osquery: 16 s). */
  requestTimeoutMs?: number;
  /** Cap of concurrent sockets in the shared keep-alive pool. Default unlimited. */
  maxSockets?: number;
}

export type TransportResult =
  | { kind: 'ok'; status: number; body: JsonObject }
  | { kind: 'node_invalid'; status: number; body: JsonObject }
  | { kind: 'error'; status?: number; reason: string };

export interface PostOptions {
  nodeKey?: string;
  signal?: AbortSignal;
  /** osquery version for the User-Agent. */
  osqueryVersion?: string;
}

interface RawResponse {
  status: number;
  body: Buffer;
  bytes: number;
}

/**
 * POSTs JSON to the osquery TLS endpoints over one shared keep-alive agent, records latency
 * and outcome per endpoint, and classifies replies the way osquery does: the status code is
 * secondary; `node_invalid: true` or an `error` key in the body decide.
 */
export class OsqueryTransport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly nodeKeyIn: NodeKeyPlacement;
  private readonly timeoutMs: number;

  constructor(private readonly opts: OsqueryTransportOptions) {
    this.base = new URL(opts.baseUrl);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') throw new Error(`unsupported URL ${opts.baseUrl}`);
    const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? Infinity, maxFreeSockets: 1024 };
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ ...agentOpts, ...(opts.ca ? { ca: opts.ca } : {}), rejectUnauthorized: !opts.insecure })
        : new http.Agent(agentOpts);
    this.nodeKeyIn = opts.nodeKeyIn ?? 'body';
    this.timeoutMs = opts.requestTimeoutMs ?? 16_000;
  }

  async post(endpoint: OsqueryEndpoint, payload: JsonObject, po: PostOptions = {}): Promise<TransportResult> {
    if (po.signal?.aborted) throw abortError();
    const body: JsonObject = po.nodeKey !== undefined && this.nodeKeyIn !== 'header' ? { node_key: po.nodeKey, ...payload } : payload;
    const json = Buffer.from(JSON.stringify(body));
    const data = this.opts.gzip ? await gzipAsync(json) : json;
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'User-Agent': `osquery/${po.osqueryVersion ?? '5.12.1'}`,
      'Content-Length': data.length,
    };
    if (this.opts.gzip) {
      headers['Content-Encoding'] = 'gzip';
      headers['Accept-Encoding'] = 'gzip';
    }
    if (po.nodeKey !== undefined && this.nodeKeyIn !== 'body') headers['Authorization'] = `NodeKey ${po.nodeKey}`;

    const started = performance.now();
    let raw: RawResponse;
    try {
      raw = await this.send(`${this.base.pathname.replace(/\/$/, '')}/api/osquery/${endpoint}`, headers, data, po.signal);
    } catch (err) {
      if (po.signal?.aborted) throw abortError();
      const reason = `network: ${(err as Error).message}`;
      this.opts.stats.recordRequest(endpoint, 'error', performance.now() - started, data.length, 0, reason);
      return { kind: 'error', reason };
    }
    const latency = performance.now() - started;
    const result = classify(raw);
    const outcome = result.kind === 'node_invalid' && endpoint === 'enroll' ? 'error' : result.kind;
    const reason = result.kind === 'error' ? result.reason : result.kind === 'node_invalid' ? `node_invalid (HTTP ${result.status})${errorText(result.body)}` : undefined;
    this.opts.stats.recordRequest(endpoint, outcome, latency, data.length, raw.bytes, reason);
    return result;
  }

  /** Closes every pooled socket; in-flight requests should have been aborted first. */
  close(): void {
    this.agent.destroy();
  }

  private send(path: string, headers: http.OutgoingHttpHeaders, data: Buffer, signal?: AbortSignal): Promise<RawResponse> {
    const mod = this.base.protocol === 'https:' ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = mod.request(
        { protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port, path, method: 'POST', headers, agent: this.agent, signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const buf = Buffer.concat(chunks);
            const status = res.statusCode ?? 0;
            if (res.headers['content-encoding'] === 'gzip') {
              gunzipAsync(buf).then((body) => resolve({ status, body, bytes: buf.length }), reject);
            } else {
              resolve({ status, body: buf, bytes: buf.length });
            }
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`timeout after ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(data);
    });
  }
}

function classify(raw: RawResponse): TransportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.body.toString('utf8'));
  } catch {
    return { kind: 'error', status: raw.status, reason: `HTTP ${raw.status}: body is not JSON` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'error', status: raw.status, reason: `HTTP ${raw.status}: body is not a JSON object` };
  }
  const body = parsed as JsonObject;
  if (body['node_invalid'] === true) return { kind: 'node_invalid', status: raw.status, body };
  if (raw.status >= 400 || 'error' in body) {
    return { kind: 'error', status: raw.status, reason: `HTTP ${raw.status}${errorText(body)}` };
  }
  return { kind: 'ok', status: raw.status, body };
}

/** `: <error or message>` from a Fleet/osquery error body, or ''. */
function errorText(body: JsonObject): string {
  const msg = typeof body['error'] === 'string' ? body['error'] : typeof body['message'] === 'string' ? body['message'] : '';
  return msg ? `: ${msg}` : '';
}
