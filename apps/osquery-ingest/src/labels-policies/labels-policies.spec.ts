import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { HOSTS_DELETE, HOSTS_TRANSFER, LABELS_CHANGED, POLICIES_CHANGED, POLICY_RESULT_CHANGED, type PayloadOf } from '@flotilla/contracts';
import { parseConfig, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';
import { HostEntity, LabelEntity, LabelMembershipEntity, PolicyEntity, PolicyMembershipEntity, PolicyStatsEntity } from '@flotilla/platform-db';
import { RunningServer, startServer } from '@flotilla/platform-server';
import { REPO_ROOT, waitFor } from '@flotilla/testing';
import { OSQUERY_INGEST_OWN_CONFIG } from '../config/osquery-ingest.config';
import { OsqueryIngestModule } from '../osquery-ingest.module';
import { MembershipWriter } from './membership.writer';
import { QueryCatalogService } from './query-catalog.service';

interface Fixture {
  enroll: Record<string, unknown> & { host_identifier: string };
}
const fixture = (name: string) => JSON.parse(readFileSync(join(REPO_ROOT, `libs/codecs/osquery/src/__fixtures__/${name}.json`), 'utf8')) as Fixture;
const ubuntu = fixture('ubuntu_22.04');
const SECRET = 'spec-enroll-secret';

type Read = { queries: Record<string, string> };

describe('labels and policies on the osquery hot path (osquery-ingest)', () => {
  let server: RunningServer;
  let dataDir: string;
  const changes: Array<PayloadOf<typeof POLICY_RESULT_CHANGED>> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flotilla-labels-'));
    const env = parseConfig(standaloneConfigSpec([OSQUERY_INGEST_OWN_CONFIG]), {
      PORT: '0',
      HOST: '127.0.0.1',
      FLOTILLA_DATA_DIR: dataDir,
      FLOTILLA_ENROLL_SECRET: SECRET,
      OSQUERY_MEMBERSHIP_FLUSH_MS: '50',
    }) as ServiceEnv;
    server = await startServer({ mode: 'standalone', services: ['osquery-ingest'], modules: [OsqueryIngestModule], env, logDestination: new PassThrough() });
    await server.ctx.deps.db?.ready(10_000);
    await server.app.get(QueryCatalogService).settled();
    await bus().consume(POLICY_RESULT_CHANGED, async (c) => void changes.push(c), { durable: 'spec' });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const bus = () => server.ctx.deps.bus ?? (() => { throw new Error('no bus'); })();
  const db = () => server.ctx.deps.db ?? (() => { throw new Error('no db'); })();
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}/api/osquery/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return (await res.json()) as Record<string, unknown>;
  };
  const enroll = async (identifier: string) => String((await post('enroll', { ...ubuntu.enroll, enroll_secret: SECRET, host_identifier: identifier }))['node_key']);
  const hostId = async (identifier: string) => (await db().manager.findOneByOrFail(HostEntity, { osqueryHostId: identifier })).id;
  const read = async (nodeKey: string) => (await post('distributed/read', { node_key: nodeKey })) as Read;
  const write = (nodeKey: string, answers: Record<string, { rows: unknown[]; status?: number }>) =>
    post('distributed/write', {
      node_key: nodeKey,
      queries: Object.fromEntries(Object.entries(answers).map(([n, a]) => [n, a.rows])),
      statuses: Object.fromEntries(Object.entries(answers).map(([n, a]) => [n, a.status ?? 0])),
      messages: {},
    });
  const flush = () => server.app.get(MembershipWriter).flush();
  const stats = async (policyId: number) => db().manager.findOneBy(PolicyStatsEntity, { policyId });
  const catalog = () => server.app.get(QueryCatalogService);
  /** Stands in for api-gateway: a definition row, then the change event; resolves once osquery-ingest has taken it in. */
  const defineLabel = async (over: Partial<LabelEntity>) => {
    const { identifiers } = await db().manager.insert(LabelEntity, { name: `l-${Math.random()}`, description: '', query: 'SELECT 1', platform: '', labelType: 'regular', membershipType: 'dynamic', platforms: '', ...over });
    const id = Number(identifiers[0]?.['id']);
    const since = Date.now();
    await bus().publish(LABELS_CHANGED, { changedIds: [id], deletedIds: [] });
    await waitFor(() => catalog().labelsChangedAt >= since && catalog().catalog.hasLabel(id), { intervalMs: 5, what: `label ${id} in the catalog` });
    return id;
  };
  const definePolicy = async (over: Partial<PolicyEntity>) => {
    const { identifiers } = await db().manager.insert(PolicyEntity, { name: `p-${Math.random()}`, query: 'SELECT 1', description: '', resolution: '', platform: '', teamKey: over.teamId ?? 0, ...over });
    const id = Number(identifiers[0]?.['id']);
    const since = Date.now();
    await bus().publish(POLICIES_CHANGED, { changedIds: [id], deletedIds: [] });
    await waitFor(() => catalog().policiesChangedAt >= since && catalog().catalog.policy(id) !== undefined, { intervalMs: 5, what: `policy ${id} in the catalog` });
    return id;
  };

  it('sends a new label and policy at the next check-in, stores the answers in a batch, and keeps counts', async () => {
    const key = await enroll('lp-host-1');
    await read(key); // detail queries (and nothing else defined yet)
    const ubuntuLabel = await defineLabel({ query: "SELECT 1 FROM os_version WHERE platform = 'ubuntu'", platform: '' });
    const macLabel = await defineLabel({ query: 'SELECT 1', platform: 'darwin' });
    const policy = await definePolicy({ query: 'SELECT 1 FROM osquery_info', platform: 'linux' });
    const winPolicy = await definePolicy({ platform: 'windows' });
    const { queries } = await read(key);
    expect(queries[`fleet_label_query_${ubuntuLabel}`]).toContain('os_version');
    expect(queries[`fleet_label_query_${macLabel}`]).toBeUndefined();
    expect(queries[`fleet_policy_query_${policy}`]).toBe('SELECT 1 FROM osquery_info');
    expect(queries[`fleet_policy_query_${winPolicy}`]).toBeUndefined();
    await write(key, { [`fleet_label_query_${ubuntuLabel}`]: { rows: [{ '1': '1' }] }, [`fleet_policy_query_${policy}`]: { rows: [] } });
    // Answered: the next polls are empty again.
    expect((await read(key)).queries).toEqual({});
    await flush();
    const id = await hostId('lp-host-1');
    expect(await db().manager.findBy(LabelMembershipEntity, { hostId: id })).toEqual([expect.objectContaining({ labelId: ubuntuLabel })]);
    expect(await db().manager.findOneBy(PolicyMembershipEntity, { hostId: id, policyId: policy })).toMatchObject({ passes: false });
    expect(await stats(policy)).toMatchObject({ passingHostCount: 0, failingHostCount: 1 });
    const host = await db().manager.findOneByOrFail(HostEntity, { id });
    expect(host.labelUpdatedAt).toBeInstanceOf(Date);
    expect(host.policyUpdatedAt).toBeInstanceOf(Date);
    await waitFor(() => changes.find((c) => c.policyId === policy && c.hostId === id), { what: 'the first policy result on the stream' });
    expect(changes.find((c) => c.policyId === policy && c.hostId === id)).toMatchObject({ passes: false, previous: null });
  });

  it('flips: counts move, one change per flip, none when the answer repeats; a failed query is unknown', async () => {
    const key = await enroll('lp-host-2');
    await read(key);
    const policy = await definePolicy({ query: 'SELECT 1 FROM flip' });
    const id = await hostId('lp-host-2');
    const answer = async (rows: unknown[], status = 0) => {
      const q = (await read(key)).queries;
      expect(q[`fleet_policy_query_${policy}`]).toBeDefined();
      await write(key, { [`fleet_policy_query_${policy}`]: { rows, status } });
      await flush();
      // Make the policy due again right away (as a definition change would).
      catalog().policiesChangedAt = Date.now() + 1;
    };
    await answer([{ '1': '1' }]);
    expect(await stats(policy)).toMatchObject({ passingHostCount: 1, failingHostCount: 0 });
    await answer([{ '1': '1' }]);
    await answer([]);
    expect(await stats(policy)).toMatchObject({ passingHostCount: 0, failingHostCount: 1 });
    await answer([], 1);
    expect(await stats(policy)).toMatchObject({ passingHostCount: 0, failingHostCount: 0 });
    expect(await db().manager.findOneBy(PolicyMembershipEntity, { hostId: id, policyId: policy })).toMatchObject({ passes: null });
    await waitFor(() => changes.filter((c) => c.policyId === policy).length >= 3, { what: 'three changes' });
    expect(changes.filter((c) => c.policyId === policy).map((c) => [c.previous, c.passes])).toEqual([
      [null, true],
      [true, false],
      [false, null],
    ]);
  });

  it('a failed label query leaves membership as it was; answers to unknown labels and policies are ignored', async () => {
    const key = await enroll('lp-host-3');
    await read(key);
    const label = await defineLabel({ query: 'SELECT 1 FROM maybe' });
    await read(key);
    await write(key, { [`fleet_label_query_${label}`]: { rows: [{ a: '1' }] } });
    await flush();
    const id = await hostId('lp-host-3');
    catalog().labelsChangedAt = Date.now() + 1;
    await read(key);
    await write(key, { [`fleet_label_query_${label}`]: { rows: [], status: 1 }, fleet_label_query_999999: { rows: [{ a: '1' }] }, fleet_policy_query_999999: { rows: [] } });
    await flush();
    expect((await db().manager.findBy(LabelMembershipEntity, { hostId: id })).map((m) => m.labelId)).toEqual([label]);
    expect(await db().manager.countBy(PolicyMembershipEntity, { policyId: 999999 })).toBe(0);
  });

  it('scopes policies to the host’s team and labels; a transfer drops answers to the old team’s policies', async () => {
    const key = await enroll('lp-host-4');
    await read(key);
    const id = await hostId('lp-host-4');
    await bus().request(HOSTS_TRANSFER, { hostIds: [id], teamId: 7 });
    const required = await defineLabel({ kind: undefined, query: 'SELECT 1 FROM required' } as Partial<LabelEntity>);
    const teamPolicy = await definePolicy({ teamId: 7, teamKey: 7 });
    const otherTeam = await definePolicy({ teamId: 8, teamKey: 8 });
    const scoped = await definePolicy({ labelsIncludeAny: [required] });
    let q = (await read(key)).queries;
    expect(q[`fleet_policy_query_${teamPolicy}`]).toBeDefined();
    expect(q[`fleet_policy_query_${otherTeam}`]).toBeUndefined();
    expect(q[`fleet_policy_query_${scoped}`]).toBeUndefined();
    await write(key, { [`fleet_policy_query_${teamPolicy}`]: { rows: [{ a: 1 }] }, [`fleet_label_query_${required}`]: { rows: [{ a: 1 }] } });
    await flush();
    catalog().policiesChangedAt = Date.now() + 1;
    q = (await read(key)).queries;
    expect(q[`fleet_policy_query_${scoped}`]).toBeDefined();
    expect(await stats(teamPolicy)).toMatchObject({ passingHostCount: 1 });
    await bus().request(HOSTS_TRANSFER, { hostIds: [id], teamId: null });
    expect(await stats(teamPolicy)).toMatchObject({ passingHostCount: 0 });
    expect(await db().manager.countBy(PolicyMembershipEntity, { hostId: id, policyId: teamPolicy })).toBe(0);
  });

  it('a deleted host leaves the counts and memberships; a changed or deleted policy forgets its answers', async () => {
    const key = await enroll('lp-host-5');
    await read(key);
    const label = await defineLabel({ query: 'SELECT 1 FROM five' });
    const policy = await definePolicy({ query: 'SELECT 1 FROM five' });
    await read(key);
    await write(key, { [`fleet_policy_query_${policy}`]: { rows: [] }, [`fleet_label_query_${label}`]: { rows: [{ a: 1 }] } });
    await flush();
    const id = await hostId('lp-host-5');
    expect(await stats(policy)).toMatchObject({ failingHostCount: 1 });
    await bus().request(HOSTS_DELETE, { hostIds: [id] });
    expect(await stats(policy)).toMatchObject({ failingHostCount: 0 });
    expect(await db().manager.countBy(LabelMembershipEntity, { hostId: id })).toBe(0);
    const key2 = await enroll('lp-host-6');
    await read(key2);
    await write(key2, { [`fleet_policy_query_${policy}`]: { rows: [{ a: 1 }] } });
    await flush();
    expect(await stats(policy)).toMatchObject({ passingHostCount: 1 });
    await bus().publish(POLICIES_CHANGED, { changedIds: [policy], deletedIds: [] });
    await waitFor(async () => (await db().manager.countBy(PolicyMembershipEntity, { policyId: policy })) === 0, { what: 'answers forgotten after the query changed' });
    expect(await stats(policy)).toBeNull();
  });
});
