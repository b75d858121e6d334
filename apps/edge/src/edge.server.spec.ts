import { createServer, IncomingMessage, Server } from 'node:http';
import { PassThrough } from 'node:stream';
import { SERVICE_NAMES, ServiceName } from '@flotilla/domain';
import { createLogger } from '@flotilla/platform-logging';
import { freePort, httpsGet, selfSignedCert } from '@flotilla/testing';
import { EdgeConfig } from './config/edge.config';
import { WebSocket, WebSocketServer } from 'ws';
import { createEdgeServer, forwardedFor } from './edge.server';

interface Seen {
  service: ServiceName;
  method: string;
  url: string;
  body: string;
  requestId: string | undefined;
}

/** Stand-ins for the ten services: each records what reaches it and answers with its name. */
async function fakeServices(healthy: (s: ServiceName) => boolean, seen: Seen[]): Promise<{ upstreams: Record<ServiceName, string>; servers: Server[] }> {
  const servers: Server[] = [];
  const upstreams = {} as Record<ServiceName, string>;
  for (const service of SERVICE_NAMES) {
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/healthz') {
          res.writeHead(healthy(service) ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ down: healthy(service) ? [] : ['db'] }));
          return;
        }
        seen.push({ service, method: req.method ?? '', url: req.url ?? '', body, requestId: req.headers['x-request-id'] as string | undefined });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service }));
      });
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    servers.push(server);
    upstreams[service] = `http://127.0.0.1:${port}`;
  }
  return { upstreams, servers };
}

const quiet = createLogger({ level: 'silent', base: {}, destination: new PassThrough() });

describe('edge', () => {
  const seen: Seen[] = [];
  const unhealthy = new Set<ServiceName>();
  let servers: Server[];
  let edge: Awaited<ReturnType<typeof createEdgeServer>>;
  let base: string;
  let config: EdgeConfig;

  beforeAll(async () => {
    const fakes = await fakeServices((s) => !unhealthy.has(s), seen);
    servers = fakes.servers;
    config = { port: 0, host: '127.0.0.1', logLevel: 'silent', healthTimeoutMs: 500, upstreamTimeoutMs: 5_000, upstreams: fakes.upstreams };
    edge = await createEdgeServer(config, quiet);
    base = await edge.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await edge.close();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it.each([
    ['/api/v1/osquery/distributed/read', 'osquery-ingest'],
    ['/api/fleet/orbit/config?x=1', 'osquery-ingest'],
    ['/mdm/apple/mdm', 'mdm-apple'],
    ['/mdm/apple/scep?operation=GetCACaps', 'scep-proxy'],
    ['/EnrollmentServer/Discovery.svc', 'mdm-windows'],
    ['/api/v1/fleet/android_enterprise/pubsub?token=t', 'mdm-android'],
    ['/api/latest/fleet/hosts?page=2', 'api-gateway'],
  ])('routes %s to %s with path, query, body and request id intact', async (path, service) => {
    const body = JSON.stringify({ node_key: 'abc', big: 'x'.repeat(100_000) });
    const res = await fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-request-id': `rid-${service}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ service });
    const last = seen[seen.length - 1];
    expect(last).toEqual({ service, method: 'POST', url: path, body, requestId: `rid-${service}` });
  });

  it('adds a request id when the caller has none', async () => {
    await fetch(`${base}/api/latest/fleet/me`);
    expect(seen[seen.length - 1]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is healthy when every service is, and names the ones that are not', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    unhealthy.add('vuln');
    unhealthy.add('live-query');
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { down: string[]; services: Record<string, { dependencies_down?: string[] }> };
    expect(body.down).toEqual(['live-query', 'vuln']);
    expect(body.services['vuln']?.dependencies_down).toEqual(['db']);
    unhealthy.clear();
  });

  it('answers 503 in Fleet\'s error shape when the owning service is unreachable', async () => {
    const deadPort = await freePort();
    const broken = await createEdgeServer({ ...config, upstreams: { ...config.upstreams, 'osquery-ingest': `http://127.0.0.1:${deadPort}` } }, quiet);
    const url = await broken.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${url}/api/v1/osquery/config`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ message: 'Service Unavailable', errors: [{ name: 'osquery-ingest', reason: expect.stringContaining('not reachable') }] });
      const health = (await (await fetch(`${url}/healthz`)).json()) as { down: string[] };
      expect(health.down).toEqual(['osquery-ingest']);
    } finally {
      await broken.close();
    }
  });

  it('serves HTTPS when given a certificate', async () => {
    const tls = selfSignedCert();
    const secure = await createEdgeServer({ ...config, tls: { certFile: tls.certFile, keyFile: tls.keyFile } }, quiet);
    const url = await secure.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect(url.startsWith('https://')).toBe(true);
      const res = await httpsGet(`${url.replace('127.0.0.1', 'localhost')}/healthz`, tls.certPem);
      expect(res.status).toBe(200);
    } finally {
      await secure.close();
    }
  });
});

describe('forwardedFor', () => {
  it('appends the connecting peer, keeping what proxies in front added', () => {
    expect(forwardedFor(undefined, '10.0.0.5')).toBe('10.0.0.5');
    expect(forwardedFor('203.0.113.9', '10.0.0.5')).toBe('203.0.113.9, 10.0.0.5');
    expect(forwardedFor(['203.0.113.9', '198.51.100.1'], '10.0.0.5')).toBe('203.0.113.9, 198.51.100.1, 10.0.0.5');
    expect(forwardedFor('203.0.113.9', undefined)).toBe('203.0.113.9');
  });
});

describe('edge WebSocket upgrades', () => {
  it('relays a WebSocket to the service that owns the path, both ways, with X-Forwarded-For', async () => {
    const upstream = createServer();
    const wss = new WebSocketServer({ server: upstream });
    let forwarded: string | undefined;
    wss.on('connection', (socket, req) => {
      forwarded = req.headers['x-forwarded-for'] as string | undefined;
      socket.on('message', (data) => socket.send(`echo:${data.toString()}:${req.url}`));
    });
    const port = await freePort();
    await new Promise<void>((r) => upstream.listen(port, '127.0.0.1', () => r()));
    const down = `http://127.0.0.1:${await freePort()}`;
    const upstreams = Object.fromEntries(SERVICE_NAMES.map((s) => [s, s === 'api-gateway' ? `http://127.0.0.1:${port}` : down])) as Record<ServiceName, string>;
    const edge = await createEdgeServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', healthTimeoutMs: 500, upstreamTimeoutMs: 5_000, upstreams }, quiet);
    const base = (await edge.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    try {
      const client = new WebSocket(`${base}/api/latest/fleet/results/websocket`);
      const reply = await new Promise<string>((resolve, reject) => {
        client.on('open', () => client.send('hello'));
        client.on('message', (data) => resolve(data.toString()));
        client.on('error', reject);
      });
      expect(reply).toBe('echo:hello:/api/latest/fleet/results/websocket');
      expect(forwarded).toBe('127.0.0.1');
      client.close();
      // An upstream that is down: the client is refused, the edge stays up.
      const refused = new WebSocket(`${base}/api/osquery/anything`);
      await expect(new Promise((resolve, reject) => { refused.on('open', resolve); refused.on('error', reject); })).rejects.toThrow(/503/);
    } finally {
      await edge.close();
      wss.close();
      await new Promise((r) => upstream.close(r));
    }
  });
});
