import { request } from 'node:http';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import { LATEST, LiveQueryWorld, V1 } from './testing/live-query-world';

describe('synchronous live queries (POST /queries/:id/run, /hosts/:id/query)', () => {
  /** Waits 30 s at most: every run here must end because the hosts answered. */
  let w: LiveQueryWorld;
  /** Waits 300 ms: for runs that time out. */
  let fast: LiveQueryWorld;
  let observable: number;

  /** Answers for the next campaign once its stream listens (answers before that would be lost, as with Redis pub/sub). */
  const answerNext = async (world: LiveQueryWorld, answers: Array<[keyof LiveQueryWorld['hosts'], Array<Record<string, string>>, string | null]>): Promise<number> => {
    const campaign = await world.stub.waitForStarts(world.stub.started.length + 1);
    const until = Date.now() + 5_000;
    while (!world.stub.listening.includes(campaign.id) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    for (const [host, rows, error] of answers) await world.stub.answer(campaign.id, world.hosts[host], rows, error);
    return campaign.id;
  };
  const stoppedSoon = async (world: LiveQueryWorld, id: number): Promise<boolean> => {
    const until = Date.now() + 3_000;
    while (!world.stub.stopped.includes(id) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    return world.stub.stopped.includes(id);
  };

  beforeAll(async () => {
    [w, fast] = await Promise.all([LiveQueryWorld.start({ FLOTILLA_LIVE_QUERY_REST_PERIOD: '30s' }), LiveQueryWorld.start({ FLOTILLA_LIVE_QUERY_REST_PERIOD: '300ms' })]);
    observable = await w.savedQuery({ observer_can_run: true, query: 'SELECT version FROM osquery_info;' });
  });

  afterAll(async () => {
    await Promise.all([w?.close(), fast?.close()]);
  });

  it('runs a saved query, answers once the online hosts have, with an entry per host, and stops the campaign', async () => {
    const token = await w.token('observer');
    const pending = w.call('POST', `${LATEST}/queries/${observable}/run`, { host_ids: [w.hosts.a1.id, w.hosts.a2.id, w.hosts.b1.id, w.hosts.a1.id] }, token);
    const id = await answerNext(w, [
      ['a1', [{ version: '5.12.1' }], null],
      ['b1', [], 'no such table: osquery_info'],
    ]);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      query_id: observable,
      targeted_host_count: 3,
      responded_host_count: 2,
      results: [
        { host_id: w.hosts.a1.id, rows: [{ version: '5.12.1', host_hostname: 'a1.example.com', host_display_name: 'a1.example.com' }], error: null },
        { host_id: w.hosts.a2.id, rows: [], error: 'host is offline' },
        { host_id: w.hosts.b1.id, rows: [], error: 'no such table: osquery_info' },
      ].sort((a, b) => a.host_id - b.host_id),
    });
    expect(await stoppedSoon(w, id)).toBe(true);
    expect((await w.activities('live_query')).pop()).toEqual({ targets_count: 3, query_sql: 'SELECT version FROM osquery_info;', query_name: expect.any(String) });
  });

  it('gives up after FLOTILLA_LIVE_QUERY_REST_PERIOD: hosts that did not answer time out', async () => {
    const query = await fast.savedQuery();
    const res = await fast.call('POST', `${V1}/reports/${query}/run`, { host_ids: [fast.hosts.a1.id] });
    expect(res.body).toEqual({ query_id: query, targeted_host_count: 1, responded_host_count: 0, results: [{ host_id: fast.hosts.a1.id, rows: [], error: 'timeout waiting for results' }] });
    expect(await stoppedSoon(fast, fast.stub.last.id)).toBe(true);
  });

  it('checks the query, the hosts and the caller’s rights first', async () => {
    const restricted = await w.savedQuery({ observer_can_run: false });
    const started = w.stub.started.length;
    const run = (query: number | string, body: unknown, token = w.admin) => w.call('POST', `${LATEST}/queries/${query}/run`, body, token);
    expect((await run(restricted, { host_ids: [w.hosts.a1.id] }, await w.token('observer'))).status).toBe(403);
    expect((await run(observable, { host_ids: [w.hosts.b1.id] }, await w.token('observer', 'A'))).status).toBe(403);
    expect((await run(observable, { host_ids: [w.hosts.a1.id] }, await w.token('gitops'))).status).toBe(403);
    expect((await run(observable, { host_ids: [999_999] })).body.errors).toEqual([{ name: 'selected.hosts', reason: 'unknown: 999999' }]);
    expect((await run(observable, { host_ids: [] })).status).toBe(400);
    expect((await run(observable, {})).status).toBe(400);
    expect((await run(999_999, { host_ids: [w.hosts.a1.id] })).status).toBe(404);
    expect((await run('x', { host_ids: [w.hosts.a1.id] })).status).toBe(400);
    expect(w.stub.started.length).toBe(started);
  });

  it('POST /hosts/:id/query runs SQL on an online host and answers with its rows or its error', async () => {
    const pending = w.call('POST', `${LATEST}/hosts/${w.hosts.b1.id}/query`, { query: '  SELECT 1 AS one;  ' });
    const id = await answerNext(w, [['b1', [{ one: '1' }], null]]);
    expect((await pending).body).toEqual({ host_id: w.hosts.b1.id, query: 'SELECT 1 AS one;', status: 'online', error: null, rows: [{ one: '1', host_hostname: 'b1.example.com', host_display_name: 'b1.example.com' }] });
    expect(await stoppedSoon(w, id)).toBe(true);
    expect(w.stub.last.sql).toBe('SELECT 1 AS one;');

    const failing = w.call('POST', `${V1}/hosts/identifier/UUID-a1/query`, { query: 'SELECT * FROM nope;' }, await w.token('observer_plus', 'A'));
    await answerNext(w, [['a1', [], 'no such table: nope']]);
    expect((await failing).body).toEqual({ host_id: w.hosts.a1.id, query: 'SELECT * FROM nope;', status: 'online', error: 'no such table: nope', rows: [] });
  });

  it('answers at once for an offline host, without a campaign', async () => {
    const started = w.stub.started.length;
    const res = await w.call('POST', `${LATEST}/hosts/identifier/a2.example.com/query`, { query: 'SELECT 1;' });
    expect(res).toEqual({ status: 200, body: { host_id: w.hosts.a2.id, query: 'SELECT 1;', status: 'offline', error: null, rows: [] } });
    expect(w.stub.started.length).toBe(started);
  });

  it('times out an online host that does not answer', async () => {
    const res = await fast.call('POST', `${LATEST}/hosts/${fast.hosts.a1.id}/query`, { query: 'SELECT 1;' });
    expect(res.body).toEqual({ host_id: fast.hosts.a1.id, query: 'SELECT 1;', status: 'online', error: 'timeout waiting for results', rows: [] });
  });

  it('refuses unknown hosts (404), hosts outside the caller’s teams and observers (403), bad SQL (422) and empty queries (400)', async () => {
    const query = (host: string | number, body: unknown, token = w.admin) => w.call('POST', `${LATEST}/hosts/${host}/query`, body, token);
    expect((await query(999_999, { query: 'SELECT 1;' })).status).toBe(404);
    expect((await query('identifier/nobody', { query: 'SELECT 1;' })).status).toBe(404);
    expect((await query(w.hosts.b1.id, { query: 'SELECT 1;' }, await w.token('observer_plus', 'A'))).status).toBe(403);
    expect((await query(w.hosts.a1.id, { query: 'SELECT 1;' }, await w.token('observer'))).status).toBe(403);
    expect((await query(w.hosts.a1.id, { query: 'DELETE FROM users;' })).status).toBe(422);
    expect((await query(w.hosts.a1.id, { query: '   ' })).body.errors).toEqual([{ name: 'query', reason: 'query is required' }]);
    expect((await query(w.hosts.a1.id, {})).status).toBe(400);
  });

  it('stops the campaign and answers 503 when its results cannot be followed (cache down)', async () => {
    const cache = w.gw.server.ctx.deps.cache;
    if (!cache) throw new Error('no cache');
    const spy = jest.spyOn(cache, 'subscribe').mockRejectedValueOnce(new DependencyUnavailableError('cache'));
    try {
      const res = await w.call('POST', `${LATEST}/hosts/${w.hosts.a1.id}/query`, { query: 'SELECT 1;' });
      expect(res.status).toBe(503);
      expect(await stoppedSoon(w, w.stub.last.id)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('stops waiting, and the campaign, when the client goes away', async () => {
    // A plain connection of its own (fetch's pool would open a spare one that delays the server's shutdown).
    const req = request(`${w.gw.url}${LATEST}/hosts/${w.hosts.a1.id}/query`, { method: 'POST', agent: false, headers: { authorization: `Bearer ${w.admin}`, 'content-type': 'application/json' } });
    const gone = new Promise<string>((resolve) => req.on('error', () => resolve('aborted')).on('response', () => resolve('answered')));
    req.end(JSON.stringify({ query: 'SELECT 1;' }));
    const id = await answerNext(w, []);
    req.destroy();
    expect(await gone).toBe('aborted');
    expect(await stoppedSoon(w, id)).toBe(true);
  });
});
