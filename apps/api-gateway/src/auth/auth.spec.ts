import { statSync } from 'node:fs';
import { SessionEntity } from '@flotilla/platform-db';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { bearerToken, generateApiToken, hashApiToken, sameTokenHash } from './api-token';
import { BootstrapTokenService } from './bootstrap-token.service';

const HOSTS = '/api/latest/fleet/hosts';
const AUTH_REQUIRED = { message: 'Authentication required', errors: [{ name: 'base', reason: expect.any(String) }] };

describe('API tokens', () => {
  it('are 32 random bytes in base64url, stored as SHA-256 hex', () => {
    const token = generateApiToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateApiToken()).not.toBe(token);
    expect(hashApiToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('compares hashes in constant time and parses Bearer headers strictly', () => {
    expect(sameTokenHash(hashApiToken('a'), hashApiToken('a'))).toBe(true);
    expect(sameTokenHash(hashApiToken('a'), hashApiToken('b'))).toBe(false);
    expect(sameTokenHash('ab', 'abc')).toBe(false);
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    for (const bad of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc']) expect(bearerToken(bad)).toBeUndefined();
    expect(bearerToken(['Bearer a', 'Bearer b'])).toBeUndefined();
  });
});

describe('admin API authentication (generated bootstrap token)', () => {
  let gw: ApiGatewayHarness;
  let token: string;

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    token = gw.bootstrapTokenFromFile();
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('writes the generated token to <data dir>/bootstrap-api-token, mode 0600, and logs only the path', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(gw.bootstrapTokenFile).mode & 0o777).toBe(0o600);
    expect(gw.logs).toContain(gw.bootstrapTokenFile);
    expect(gw.logs).not.toContain(token);
    const rows = await gw.db.manager.find(SessionEntity);
    expect(rows).toEqual([expect.objectContaining({ name: 'bootstrap', apiOnly: true, userId: null, tokenHash: hashApiToken(token) })]);
  });

  it('accepts the bootstrap token on both API prefixes', async () => {
    for (const prefix of ['/api/v1/fleet', '/api/latest/fleet']) {
      const res = await gw.fetch(`${prefix}/hosts`, { token });
      expect(res.status).toBe(200);
    }
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: `Bearer ${generateApiToken()}` }],
    ['a malformed header', { authorization: `Token ${'x'.repeat(43)}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('answers %s with Fleet’s 401 body', async (_what, headers) => {
    for (const [method, path] of [['GET', HOSTS], ['GET', `${HOSTS}/count`], ['GET', '/api/v1/fleet/host_summary'], ['POST', `${HOSTS}/delete`], ['GET', '/api/v1/fleet/spec/enroll_secret']] as const) {
      const res = await gw.fetch(path, { method, headers, ...(method === 'POST' ? { body: '{"ids":[1]}' } : {}) });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(AUTH_REQUIRED);
    }
  });

  it('leaves public and platform routes open', async () => {
    expect((await gw.fetch('/api/latest/flotilla/services')).status).toBe(200);
    expect((await gw.fetch('/healthz')).status).toBe(200);
    expect((await gw.fetch('/metrics')).status).toBe(200);
    expect((await gw.fetch('/api/latest/fleet/no-such-route')).status).toBe(404);
  });

  it('records accessed_at, at most once a minute per session', async () => {
    await gw.fetch(HOSTS, { token });
    const waitTouched = async (): Promise<Date | null> => {
      for (let i = 0; i < 50; i++) {
        const row = await gw.db.manager.findOneByOrFail(SessionEntity, { tokenHash: hashApiToken(token) });
        if (row.accessedAt) return row.accessedAt;
        await new Promise((r) => setTimeout(r, 20));
      }
      return null;
    };
    const first = await waitTouched();
    expect(first).toBeInstanceOf(Date);
    await gw.fetch(HOSTS, { token });
    await new Promise((r) => setTimeout(r, 50));
    const row = await gw.db.manager.findOneByOrFail(SessionEntity, { tokenHash: hashApiToken(token) });
    expect(row.accessedAt?.getTime()).toBe(first?.getTime());
  });

  it('refuses a deleted session at once (nothing is cached)', async () => {
    const other = generateApiToken();
    await gw.db.manager.insert(SessionEntity, { tokenHash: hashApiToken(other), name: 'second', apiOnly: true, userId: null });
    expect((await gw.fetch(HOSTS, { token: other })).status).toBe(200);
    await gw.db.manager.delete(SessionEntity, { tokenHash: hashApiToken(other) });
    expect((await gw.fetch(HOSTS, { token: other })).status).toBe(401);
  });

  it('creates no second bootstrap session once sessions exist, even when asked again', async () => {
    expect(await gw.server.app.get(BootstrapTokenService).ensure()).toBe('exists');
    expect(await gw.db.manager.countBy(SessionEntity, { name: 'bootstrap' })).toBe(1);
  });

  it('keeps one generated bootstrap session when two replicas race on an empty table', async () => {
    await gw.db.manager.clear(SessionEntity);
    const service = gw.server.app.get(BootstrapTokenService);
    const outcomes = await Promise.all([service.ensure(), service.ensure(), service.ensure()]);
    expect(outcomes.filter((o) => o === 'created-to-file')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'lost-race' || o === 'exists')).toHaveLength(2);
    const rows = await gw.db.manager.find(SessionEntity);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(hashApiToken(gw.bootstrapTokenFromFile()));
    expect((await gw.fetch(HOSTS, { token: gw.bootstrapTokenFromFile() })).status).toBe(200);
  });
});

describe('admin API authentication (FLOTILLA_BOOTSTRAP_API_TOKEN)', () => {
  const envToken = `env-${'k'.repeat(40)}`;
  let gw: ApiGatewayHarness;

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start({ FLOTILLA_BOOTSTRAP_API_TOKEN: envToken });
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('installs the env token and writes no file', async () => {
    expect((await gw.fetch(HOSTS, { token: envToken })).status).toBe(200);
    expect(() => statSync(gw.bootstrapTokenFile)).toThrow();
    expect(gw.logs).not.toContain(envToken);
  });

  it('ignores a duplicate insert of the same env token (replicas racing)', async () => {
    await gw.db.manager.clear(SessionEntity);
    const service = gw.server.app.get(BootstrapTokenService);
    const outcomes = await Promise.all([service.ensure(), service.ensure()]);
    expect(outcomes).toContain('created-from-env');
    expect(await gw.db.manager.count(SessionEntity)).toBe(1);
  });
});
