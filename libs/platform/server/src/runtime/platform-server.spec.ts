import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Body, Controller, Get, Inject, Injectable, Module, Post } from '@nestjs/common';
import { defineRequest, SERVICE_INFO } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { parseConfig, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';
import { DependencyUnavailableError, PlatformError } from '@flotilla/platform-errors';
import { httpsGet, selfSignedCert } from '@flotilla/testing';
import { RouteConfig } from '@nestjs/platform-fastify';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { BusHandlers, OnRequest } from '../bus/bus-handler.decorators';
import { BUS } from '../tokens';
import { RunningServer, startServer } from './bootstrap';

const DOUBLE = defineRequest('api-gateway.test.double.v1', z.object({ n: z.number() }), z.object({ doubled: z.number() }));

@BusHandlers('api-gateway')
@Injectable()
class DoublerHandler {
  @OnRequest(DOUBLE)
  double(p: { n: number }): { doubled: number } {
    return { doubled: p.n * 2 };
  }
}

@Controller('test')
class ProbeController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
  @Post('small')
  @RouteConfig({ bodyLimit: 100 })
  small(@Body() body: unknown): unknown {
    return body;
  }
  @Get('conflict')
  conflict(): never {
    throw new PlatformError('conflict', 'Name already exists', [{ name: 'name', reason: 'a team with this name already exists' }]);
  }
  @Get('boom')
  boom(): never {
    throw new Error('internal detail: password=hunter2');
  }
  @Get('db-down')
  dbDown(): never {
    throw new DependencyUnavailableError('db');
  }
  @Get('double')
  double(): Promise<{ doubled: number }> {
    return this.bus.request(DOUBLE, { n: 21 });
  }
}

@Module({ controllers: [ProbeController], providers: [DoublerHandler] })
class ProbeModule {}

describe('platform server (standalone dependencies)', () => {
  let server: RunningServer;
  let dataDir: string;
  const logs = new PassThrough();
  let logText = '';
  logs.on('data', (c: Buffer) => (logText += c.toString()));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flotilla-server-'));
    const env = parseConfig(standaloneConfigSpec(), { PORT: '0', HOST: '127.0.0.1', FLOTILLA_DATA_DIR: dataDir, HTTP_BODY_LIMIT_BYTES: '2048' }) as ServiceEnv;
    server = await startServer({ mode: 'standalone', services: ['api-gateway', 'vuln'], modules: [ProbeModule], env, logDestination: logs });
    await server.ctx.deps.bus?.ready(5_000);
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

  it('reports health with every dependency of the hosted services', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; services: string[]; dependencies: Array<{ name: string; kind: string; status: string }> };
    expect(body.status).toBe('ok');
    expect(body.services).toEqual(['api-gateway', 'vuln']);
    expect(body.dependencies.map((d) => `${d.name}:${d.kind}:${d.status}`).sort()).toEqual(['bus:in-process:up', 'cache:memory:up', 'db:sqlite:up', 'storage:folder:up']);
  });

  it('binds @OnRequest handlers and the service info responders to the bus', async () => {
    const res = await get('/test/double');
    expect(await res.json()).toEqual({ doubled: 42 });
    const bus = server.ctx.deps.bus;
    if (!bus) throw new Error('standalone hosts a bus');
    const info = await bus.request(SERVICE_INFO.vuln, {});
    expect(info).toMatchObject({ service: 'vuln', mode: 'standalone' });
  });

  it('echoes JSON bodies and request ids', async () => {
    const res = await get('/test/echo', { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(await res.json()).toEqual({ a: 1 });
  });

  it('ignores malformed request ids', async () => {
    const res = await get('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['malformed JSON', { body: '{"a":', headers: { 'content-type': 'application/json' } }, 400],
    ['a body over the limit', { body: JSON.stringify({ pad: 'x'.repeat(4096) }), headers: { 'content-type': 'application/json' } }, 413],
    ['an unsupported content type', { body: 'x', headers: { 'content-type': 'application/x-unknown' } }, 415],
  ])('rejects %s in Fleet\'s error shape', async (_what, init, status) => {
    const res = await get('/test/echo', { method: 'POST', ...init });
    expect(res.status).toBe(status);
    const body = (await res.json()) as { message: string; errors: Array<{ name: string; reason: string }> };
    expect(body.message.length).toBeGreaterThan(0);
    expect(body.errors[0]).toEqual({ name: expect.any(String), reason: expect.any(String) });
  });

  it('reads an empty JSON body as no body, as Fleet does (clients send the header on bodiless requests)', async () => {
    const res = await get('/test/echo', { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('');
    const proto = await get('/test/echo', { method: 'POST', body: '{"__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } });
    expect(proto.status).toBe(400);
  });

  it('inflates gzip request bodies', async () => {
    const res = await get('/test/echo', { method: 'POST', body: gzipSync(JSON.stringify({ zipped: true })), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ zipped: true });
  });

  it('stops a gzip bomb at the body limit with 413', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(2048 * 40);
    const res = await get('/test/echo', { method: 'POST', body: bomb, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(res.status).toBe(413);
  });

  it('rejects corrupt gzip and unknown encodings in Fleet\'s error shape', async () => {
    const bad = await get('/test/echo', { method: 'POST', body: Buffer.from('not gzip at all'), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: unknown[] }).errors.length).toBe(1);
    const br = await get('/test/echo', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'content-encoding': 'br' } });
    expect(br.status).toBe(415);
  });

  it('applies per-route body limits set with @RouteConfig', async () => {
    const ok = await get('/test/small', { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } });
    expect(ok.status).toBe(201);
    const big = await get('/test/small', { method: 'POST', body: JSON.stringify({ a: 'x'.repeat(200) }), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
  });

  it('maps FlotillaErrors to their status and details', async () => {
    const res = await get('/test/conflict');
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ message: 'Name already exists', errors: [{ name: 'name', reason: 'a team with this name already exists' }] });
  });

  it('answers 503 when a dependency is unavailable', async () => {
    const res = await get('/test/db-down');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { errors: Array<{ name: string }> }).errors[0]?.name).toBe('db');
  });

  it('hides unknown errors behind a 500 carrying the request id, and logs them', async () => {
    const res = await get('/test/boom', { headers: { 'x-request-id': 'boom-1' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(text).toContain('boom-1');
    const line = logText.split('\n').find((l) => l.includes('"boom-1"') && l.includes('unhandled error'));
    expect(line).toBeDefined();
    expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 'error', reqId: 'boom-1', service: 'standalone' });
  });

  it('answers unknown routes with a Fleet-shaped 404', async () => {
    const res = await get('/api/latest/fleet/nothing-here');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errors: unknown[] }).errors.length).toBe(1);
  });

  it('exports HTTP, bus and dependency metrics', async () => {
    await get('/test/double');
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/test\/double"[^}]*status_code="200"/);
    expect(text).toMatch(/bus_messages_total\{[^}]*subject="api-gateway.test.double.v1"[^}]*direction="in"/);
    expect(text).toMatch(/bus_request_duration_seconds_count\{[^}]*subject="api-gateway.test.double.v1"/);
    expect(text).toMatch(/flotilla_dependency_up\{[^}]*dependency="db"[^}]*\} 1/);
    expect(text).toContain('nodejs_heap_size_total_bytes');
  });
});

describe('platform server over TLS', () => {
  it('serves HTTPS when FLOTILLA_TLS_CERT and FLOTILLA_TLS_KEY are set', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-tls-'));
    const tls = selfSignedCert();
    const env = parseConfig(standaloneConfigSpec(), { PORT: '0', HOST: '127.0.0.1', FLOTILLA_DATA_DIR: dataDir, FLOTILLA_TLS_CERT: tls.certFile, FLOTILLA_TLS_KEY: tls.keyFile }) as ServiceEnv;
    const server = await startServer({ mode: 'standalone', services: ['vuln'], modules: [], env, logDestination: new PassThrough() });
    try {
      expect(server.url.startsWith('https://')).toBe(true);
      const res = await httpsGet(`${server.url.replace('127.0.0.1', 'localhost')}/healthz`, tls.certPem);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', services: ['vuln'] });
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
