import { ENROLL_SECRETS_LIST, ENROLL_SECRETS_REPLACE, type EnrollSecretView } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { FlotillaError } from '@flotilla/platform-errors';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';

const PATH = '/api/v1/fleet/spec/enroll_secret';

describe('enroll secret spec API (through osquery-ingest over the bus)', () => {
  let gw: ApiGatewayHarness;
  let token: string;
  let subs: BusSubscription[] = [];
  let stored: EnrollSecretView[] = [];
  const replaceRequests: Array<{ teamId: number | null; secrets: string[] }> = [];
  const fleet = new FleetOpenApiValidator();

  const send = (method: string, path: string, body?: unknown) => gw.fetch(path, { method, token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    token = gw.bootstrapTokenFromFile();
  });

  beforeEach(async () => {
    replaceRequests.length = 0;
    stored = [
      { secret: 'global-one', team_id: null, created_at: '2026-05-01T10:00:00.000Z' },
      { secret: 'team-secret', team_id: 4, created_at: '2026-05-02T10:00:00.000Z' },
    ];
    // Stands in for osquery-ingest: team-scoped secrets, unique across teams.
    subs = [
      await gw.bus.handle(ENROLL_SECRETS_LIST, ({ teamId }) => ({ secrets: stored.filter((s) => s.team_id === teamId) })),
      await gw.bus.handle(ENROLL_SECRETS_REPLACE, ({ teamId, secrets }) => {
        replaceRequests.push({ teamId, secrets });
        if (secrets.some((s) => stored.some((x) => x.secret === s && x.team_id !== teamId))) {
          throw new FlotillaError('secret_taken', 'Validation Failed', 409, [{ name: 'secret', reason: 'a secret is already in use by another team' }]);
        }
        const created_at = new Date().toISOString();
        stored = [...stored.filter((s) => s.team_id !== teamId), ...secrets.map((secret) => ({ secret, team_id: teamId, created_at }))];
        return { secrets: stored.filter((s) => s.team_id === teamId) };
      }),
    ];
  });

  afterEach(async () => {
    await Promise.all(subs.map((s) => s.unsubscribe()));
    subs = [];
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('GET returns the global secrets in Fleet’s spec shape (team_id omitted for global ones)', async () => {
    for (const path of [PATH, '/api/latest/fleet/spec/enroll_secret']) {
      const res = await send('GET', path);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { spec: { secrets: unknown[] } };
      expect(body).toEqual({ spec: { secrets: [{ secret: 'global-one', created_at: '2026-05-01T10:00:00Z' }] } });
      // Fleet 4.86's document has no schema for this route; its secret items match the team secrets' item schema minus the ids.
      for (const s of body.spec.secrets) expect(fleet.problemsAt('/components/schemas/FleetsByIdSecretsResponse/properties/secrets/items', { ...(s as object), team_id: 0, fleet_id: 0 })).toEqual([]);
    }
  });

  it('POST replaces the global secrets and answers {}', async () => {
    const res = await send('POST', PATH, { spec: { secrets: [{ secret: 'new-a' }, { secret: 'new-b' }] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(replaceRequests).toEqual([{ teamId: null, secrets: ['new-a', 'new-b'] }]);
    const got = (await (await send('GET', PATH)).json()) as { spec: { secrets: Array<{ secret: string }> } };
    expect(got.spec.secrets.map((s) => s.secret)).toEqual(['new-a', 'new-b']);
  });

  it('POST with an empty list removes every global secret', async () => {
    expect((await send('POST', PATH, { spec: { secrets: [] } })).status).toBe(200);
    expect(replaceRequests).toEqual([{ teamId: null, secrets: [] }]);
  });

  it('dry_run validates without applying', async () => {
    expect((await send('POST', `${PATH}?dry_run=true`, { spec: { secrets: [{ secret: 'x' }] } })).status).toBe(200);
    expect(replaceRequests).toEqual([]);
    const bad = await send('POST', `${PATH}?dry_run=true`, { spec: { secrets: [{ secret: '' }] } });
    expect(bad.status).toBe(422);
    const flag = await send('POST', `${PATH}?dry_run=maybe`, { spec: { secrets: [] } });
    expect(flag.status).toBe(400);
    expect(((await flag.json()) as { errors: Array<{ name: string }> }).errors[0]?.name).toBe('dry_run');
  });

  it('returns osquery-ingest’s secret_taken as Fleet’s 409', async () => {
    const res = await send('POST', PATH, { spec: { secrets: [{ secret: 'team-secret' }] } });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ message: 'Validation Failed', errors: [{ name: 'secret', reason: 'a secret is already in use by another team' }] });
  });

  it.each([
    ['no spec', {}, 'spec'],
    ['secrets not a list', { spec: { secrets: 'abc' } }, 'spec.secrets'],
    ['an empty secret', { spec: { secrets: [{ secret: '' }] } }, 'spec.secrets.0.secret'],
    ['a secret over 255 characters', { spec: { secrets: [{ secret: 'x'.repeat(256) }] } }, 'spec.secrets.0.secret'],
    ['more than 50 secrets', { spec: { secrets: Array.from({ length: 51 }, (_, i) => ({ secret: `s${i}` })) } }, 'spec.secrets'],
    ['the same secret twice', { spec: { secrets: [{ secret: 'a' }, { secret: 'a' }] } }, 'spec.secrets.1.secret'],
  ])('rejects %s with a 422 naming the field, without calling osquery-ingest', async (_what, body, name) => {
    const res = await send('POST', PATH, body);
    expect(res.status).toBe(422);
    const json = (await res.json()) as { message: string; errors: Array<{ name: string }> };
    expect(json.message).toBe('Validation Failed');
    expect(json.errors.map((e) => e.name)).toContain(name);
    expect(replaceRequests).toEqual([]);
  });

  it('answers 503 when osquery-ingest is not there', async () => {
    await Promise.all(subs.map((s) => s.unsubscribe()));
    subs = [];
    expect((await send('GET', PATH)).status).toBe(503);
    expect((await send('POST', PATH, { spec: { secrets: [] } })).status).toBe(503);
  });
});
