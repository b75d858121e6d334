// A tiny osquery TLS API server for the simulator's own unit tests (not exported): node:http
// on 127.0.0.1, enrolls with one secret, hands out a fixed batch of distributed queries on a
// host's first read, forces one node_invalid per host on a chosen read, records everything.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Server, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { JsonObject } from './agent-sim.types';

export interface FakeHost {
  hostIdentifier: string;
  enrollCount: number;
  reads: number;
  invalidated: boolean;
  writes: JsonObject[];
}

export interface FakeOsqueryServerOptions {
  enrollSecret: string;
  /** Answer a host's n-th distributed read (1-based) with node_invalid, once per host. */
  invalidateOnRead?: number;
  config?: JsonObject;
  firstReadQueries?: Record<string, string>;
  firstReadDiscovery?: Record<string, string>;
  /** Serve https with this key/cert (PEM) instead of http. */
  tls?: { key: string; cert: string };
}

export const FAKE_FIRST_READ_QUERIES: Record<string, string> = {
  fleet_detail_query_os_version: 'SELECT * FROM os_version LIMIT 1',
  fleet_detail_query_osquery_info: 'SELECT * FROM osquery_info LIMIT 1',
  fleet_detail_query_system_info: 'SELECT * FROM system_info LIMIT 1',
  fleet_detail_query_uptime: 'SELECT * FROM uptime LIMIT 1',
  fleet_detail_query_orbit_info: 'SELECT * FROM orbit_info',
  fleet_detail_query_software_linux: 'SELECT name, version FROM deb_packages',
  fleet_label_query_6: 'SELECT 1;',
  fleet_label_query_99: "SELECT 1 FROM os_version WHERE platform = 'plan9';",
  fleet_policy_query_1: 'SELECT 1;',
  fleet_policy_query_2: 'SELECT 1 FROM disk_encryption WHERE encrypted = 1;',
  fleet_distributed_query_7: 'SELECT * FROM osquery_info;',
  fleet_additional_query_x: 'SELECT 42',
};

export const FAKE_FIRST_READ_DISCOVERY: Record<string, string> = {
  ...Object.fromEntries(Object.keys(FAKE_FIRST_READ_QUERIES).map((k) => [k, 'SELECT 1'])),
  fleet_detail_query_orbit_info: "SELECT 1 FROM osquery_registry WHERE active = true AND registry = 'table' AND name = 'orbit_info'",
};

export const FAKE_CONFIG: JsonObject = {
  options: { pack_delimiter: '/', distributed_interval: 10, logger_tls_period: 10 },
  schedule: { system_info_sched: { query: 'SELECT * FROM system_info;', interval: 1 } },
  packs: {
    Global: { queries: { usb_devices_3: { query: 'SELECT * FROM usb_devices;', interval: 1, snapshot: true }, mac_only: { query: 'SELECT 1', interval: 1, platform: 'darwin' } } },
  },
};

export class FakeOsqueryServer {
  readonly requests: Record<string, number> = {};
  readonly hosts = new Map<string, FakeHost>();
  readonly resultLines: JsonObject[] = [];
  readonly statusLines: JsonObject[] = [];
  gzipBodies = 0;
  plainBodies = 0;
  badBodies = 0;
  headerKeys = 0;
  bodyKeys = 0;
  private readonly keys = new Map<string, FakeHost>();
  private readonly sockets = new Set<Socket>();
  private nextKey = 1;
  private server: Server | undefined;

  constructor(readonly opts: FakeOsqueryServerOptions) {}

  get openSockets(): number {
    return this.sockets.size;
  }

  /** Listens on 127.0.0.1 (random port); resolves to the base URL. */
  async start(): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
    const server = this.opts.tls ? createTlsServer({ key: this.opts.tls.key, cert: this.opts.tls.cert }, handler) : createServer(handler);
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `${this.opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const endpoint = (req.url ?? '').replace(/^\/api\/osquery\//, '');
    this.requests[endpoint] = (this.requests[endpoint] ?? 0) + 1;
    let body: JsonObject;
    try {
      const raw = Buffer.concat(chunks);
      const gz = req.headers['content-encoding'] === 'gzip';
      body = JSON.parse((gz ? gunzipSync(raw) : raw).toString('utf8')) as JsonObject;
      if (gz) this.gzipBodies++;
      else this.plainBodies++;
    } catch {
      this.badBodies++;
      return send(res, 400, { message: 'bad body', errors: [{ name: 'base', reason: 'bad body' }] });
    }
    if (endpoint === 'enroll') return this.enroll(body, res);
    const header = /^NodeKey (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (header) this.headerKeys++;
    if (typeof body['node_key'] === 'string') this.bodyKeys++;
    const key = header ?? body['node_key'];
    const host = typeof key === 'string' ? this.keys.get(key) : undefined;
    if (!host || typeof key !== 'string') return send(res, 401, { error: 'authentication error: invalid node key', node_invalid: true });
    switch (endpoint) {
      case 'config':
        return send(res, 200, this.opts.config ?? FAKE_CONFIG);
      case 'distributed/read':
        return this.read(host, key, res);
      case 'distributed/write':
        host.writes.push(body);
        return send(res, 200, {});
      case 'log': {
        const data = Array.isArray(body['data']) ? (body['data'] as JsonObject[]) : [];
        (body['log_type'] === 'status' ? this.statusLines : this.resultLines).push(...data);
        return send(res, 200, {});
      }
      default:
        return send(res, 404, { message: 'not found' });
    }
  }

  private enroll(body: JsonObject, res: ServerResponse): void {
    if (body['enroll_secret'] !== this.opts.enrollSecret || typeof body['host_identifier'] !== 'string') {
      return send(res, 401, { error: 'enroll failed: invalid secret', node_invalid: true });
    }
    const id = body['host_identifier'];
    const host = this.hosts.get(id) ?? { hostIdentifier: id, enrollCount: 0, reads: 0, invalidated: false, writes: [] };
    this.hosts.set(id, host);
    host.enrollCount++;
    const key = `nk-${this.nextKey++}`;
    this.keys.set(key, host);
    send(res, 200, { node_key: key });
  }

  private read(host: FakeHost, key: string, res: ServerResponse): void {
    host.reads++;
    if (host.reads === this.opts.invalidateOnRead && !host.invalidated) {
      host.invalidated = true;
      this.keys.delete(key);
      return send(res, 401, { error: 'authentication error: invalid node key', node_invalid: true });
    }
    if (host.reads === 1) {
      return send(res, 200, {
        queries: this.opts.firstReadQueries ?? FAKE_FIRST_READ_QUERIES,
        discovery: this.opts.firstReadDiscovery ?? FAKE_FIRST_READ_DISCOVERY,
        accelerate: 1,
      });
    }
    send(res, 200, { queries: {}, discovery: {} });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': data.length });
  res.end(data);
}
