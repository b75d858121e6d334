import { LATEST, LiveQueryWorld, V1 } from './testing/live-query-world';

interface Targets {
  targets: { hosts: Array<{ id: number; hostname: string }>; labels: Array<{ id: number; name: string; count: number; display_text: string }>; teams: Array<Record<string, unknown>> };
  targets_count: number;
  targets_online: number;
  targets_offline: number;
  targets_missing_in_action: number;
}

describe('target picker (POST /targets, /targets/count)', () => {
  let w: LiveQueryWorld;
  const id = (name: keyof LiveQueryWorld['hosts']) => w.hosts[name].id;

  beforeAll(async () => {
    w = await LiveQueryWorld.start();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('searches hosts, labels and teams, leaves out what is selected, and counts the selection', async () => {
    const res = await w.call<Targets>('POST', `${LATEST}/targets`, { query: 'a', selected: { hosts: [id('a2'), id('n1')], labels: [], teams: [w.teamB] } });
    expect(res.status).toBe(200);
    const hostnames = res.body.targets.hosts.map((h) => h.hostname);
    expect(hostnames).toEqual(expect.arrayContaining(['a1.example.com', 'b1.example.com']));
    expect(hostnames).not.toContain('a2.example.com');
    expect(res.body.targets.teams.map((t) => t['name'])).toEqual(['Team A']);
    expect(res.body.targets.teams[0]).toMatchObject({ id: w.teamA, host_count: 2, count: 2, display_text: 'Team A', user_count: 0 });
    expect(res.body.targets.teams[0]).not.toHaveProperty('secrets');
    expect(res.body.targets.labels.map((l) => l.name)).toEqual(expect.arrayContaining(['All Hosts', 'manual-a2-b1']));
    expect(res.body.targets.labels.find((l) => l.name === 'All Hosts')).toMatchObject({ count: 5, display_text: 'All Hosts' });
    // a2 (offline), n1 (missing) and team B's b1 (online).
    expect(res.body).toMatchObject({ targets_count: 3, targets_online: 1, targets_offline: 1, targets_missing_in_action: 1 });
  });

  it('counts a selection: total, online, offline, missing in action', async () => {
    const res = await w.call('POST', `${V1}/targets/count`, { selected: { labels: [await w.labelId('All Hosts')] } });
    expect(res).toEqual({ status: 200, body: { targets_count: 5, targets_online: 3, targets_offline: 1, targets_missing_in_action: 1 } });
    expect((await w.call('POST', `${LATEST}/targets/count`, {})).body).toEqual({ targets_count: 0, targets_online: 0, targets_offline: 0, targets_missing_in_action: 0 });
  });

  it('shows a team user only its teams’ hosts, teams and label counts; other teams are 403', async () => {
    const token = await w.token('observer', 'A');
    const res = await w.call<Targets>('POST', `${LATEST}/targets`, { query: '', selected: { labels: [await w.labelId('All Hosts')] } }, token);
    expect(res.status).toBe(200);
    expect(res.body.targets.hosts.map((h) => h.id).sort()).toEqual([id('a1'), id('a2')].sort());
    expect(res.body.targets.teams.map((t) => t['id'])).toEqual([w.teamA]);
    expect(res.body.targets.labels.find((l) => l.name === 'macOS')?.count).toBe(1);
    expect(res.body).toMatchObject({ targets_count: 2, targets_online: 1, targets_offline: 1 });
    expect((await w.call('POST', `${LATEST}/targets/count`, { selected: { teams: [w.teamB] } }, token)).status).toBe(403);
    expect((await w.call('POST', `${LATEST}/targets/count`, { selected: { hosts: [id('b1')] } }, token)).status).toBe(403);
    expect((await w.call('POST', `${LATEST}/targets`, {}, await w.token('gitops'))).status).toBe(403);
  });

  it('refuses malformed selections and unknown ids (400)', async () => {
    expect((await w.call('POST', `${LATEST}/targets/count`, { selected: { hosts: 'all' } })).status).toBe(400);
    expect((await w.call('POST', `${LATEST}/targets/count`, { selected: { labels: [123_456] } })).body.errors).toEqual([{ name: 'selected.labels', reason: 'unknown: 123456' }]);
    expect((await w.call('POST', `${LATEST}/targets`, { query: 7 })).status).toBe(400);
  });
});
