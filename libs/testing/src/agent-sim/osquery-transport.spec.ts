import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { selfSignedCert } from '../self-signed-cert';
import { FakeOsqueryServer } from './fake-osquery-server';
import { FleetStatsCollector } from './fleet-stats';
import { OsqueryTransport } from './osquery-transport';

/** Replies with a scripted status/body per request, in order. */
function scriptedServer(replies: { status: number; body: string; gzip?: boolean }[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const r = replies.shift() ?? { status: 500, body: '{}' };
      const data = r.gzip ? gzipSync(r.body) : Buffer.from(r.body);
      res.writeHead(r.status, { 'Content-Type': 'application/json', ...(r.gzip ? { 'Content-Encoding': 'gzip' } : {}) });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

describe('OsqueryTransport', () => {
  it('classifies replies the way osquery does: body decides, status second', async () => {
    const { url, server } = await scriptedServer([
      { status: 200, body: '{"node_key":"k"}' },
      { status: 200, body: '{"queries":{}}', gzip: true },
      { status: 401, body: '{"error":"invalid node key","node_invalid":true}' },
      { status: 200, body: '{"error":"oops"}' },
      { status: 500, body: '{"message":"boom","errors":[]}' },
      { status: 200, body: 'not json' },
      { status: 200, body: '[1]' },
    ]);
    const stats = new FleetStatsCollector();
    const t = new OsqueryTransport({ baseUrl: url, stats, gzip: true });
    try {
      const kinds = [];
      for (const endpoint of ['enroll', 'distributed/read', 'config', 'config', 'log', 'log', 'log'] as const) kinds.push(await t.post(endpoint, {}, { nodeKey: 'k' }));
      expect(kinds.map((k) => k.kind)).toEqual(['ok', 'ok', 'node_invalid', 'error', 'error', 'error', 'error']);
      expect(kinds[1]).toEqual({ kind: 'ok', status: 200, body: { queries: {} } });
      expect(kinds[4]).toMatchObject({ reason: 'HTTP 500: boom' });
      const s = stats.endpointSnapshots();
      expect(s.config).toMatchObject({ count: 2, errors: 1, nodeInvalid: 1, lastError: 'HTTP 200: oops' });
      expect(s.log).toMatchObject({ count: 3, errors: 3 });
      expect(s.enroll).toMatchObject({ count: 1, errors: 0 });
    } finally {
      t.close();
      await new Promise((r) => server.close(r));
    }
  });

  it('counts network errors and rejects with AbortError when aborted', async () => {
    const stats = new FleetStatsCollector();
    const t = new OsqueryTransport({ baseUrl: 'http://127.0.0.1:1', stats });
    const res = await t.post('config', {}, { nodeKey: 'k' });
    expect(res).toMatchObject({ kind: 'error', reason: expect.stringMatching(/^network: .*ECONNREFUSED/) });
    expect(stats.endpointSnapshots().config.errors).toBe(1);
    const ac = new AbortController();
    ac.abort();
    await expect(t.post('config', {}, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    t.close();
  });

  it('talks https to a self-signed server with its CA or --insecure, and refuses it otherwise', async () => {
    const { certPem, keyFile } = selfSignedCert();
    const server = new FakeOsqueryServer({ enrollSecret: 's', tls: { key: readFileSync(keyFile, 'utf8'), cert: certPem } });
    const url = await server.start();
    const enroll = { enroll_secret: 's', host_identifier: 'h1' };
    try {
      for (const [opts, kind] of [
        [{ ca: certPem }, 'ok'],
        [{ insecure: true }, 'ok'],
        [{}, 'error'],
      ] as const) {
        const t = new OsqueryTransport({ baseUrl: url, stats: new FleetStatsCollector(), ...opts });
        expect((await t.post('enroll', enroll)).kind).toBe(kind);
        t.close();
      }
    } finally {
      await server.close();
    }
  });
});
