import { ResultsSocketServer } from './results-socket.server';
import { SocketClient } from './testing/socket-client';
import { LATEST, LiveQueryWorld } from './testing/live-query-world';

const PATH = '/api/latest/fleet/results/websocket';

describe('live query results WebSocket (Fleet’s protocol)', () => {
  let w: LiveQueryWorld;
  const wsUrl = (path = PATH) => `${w.gw.url.replace(/^http/, 'ws')}${path}`;
  const start = async (hosts: Array<keyof LiveQueryWorld['hosts']>, token = w.admin): Promise<number> => {
    const res = await w.call<{ campaign: { id: number } }>('POST', `${LATEST}/queries/run`, { query: 'SELECT 1;', selected: { hosts: hosts.map((h) => w.hosts[h].id) } }, token);
    if (res.status !== 200) throw new Error(`run: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.campaign.id;
  };
  const connect = async (token: string, campaignId: number, path = PATH): Promise<SocketClient> => {
    const client = await SocketClient.open(wsUrl(path));
    client.send({ type: 'auth', data: { token } });
    client.send({ type: 'select_campaign', data: { campaign_id: campaignId } });
    return client;
  };

  beforeAll(async () => {
    w = await LiveQueryWorld.start();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('streams totals, status and results until every online host answered, and stops the campaign on close', async () => {
    const id = await start(['a1', 'a2', 'b1']);
    const client = await connect(w.admin, id);
    expect((await client.next('totals')).data).toEqual({ count: 3, online: 2, offline: 1, missing_in_action: 0 });
    expect((await client.next('status')).data).toEqual({ expected_results: 2, actual_results: 0, status: 'pending' });
    await waitUntil(() => w.stub.listening.includes(id));

    await w.stub.answer(id, w.hosts.a1, [{ version: '5.12.1' }]);
    const result = await client.next('result');
    expect(result.data).toMatchObject({ distributed_query_execution_id: id, host: { id: w.hosts.a1.id, hostname: 'a1.example.com' }, rows: [{ version: '5.12.1', host_hostname: 'a1.example.com' }], error: null });
    expect((await client.next('status', (d) => (d as { actual_results: number }).actual_results === 1)).data).toEqual({ expected_results: 2, actual_results: 1, status: 'pending' });

    await w.stub.publish(id, '{"not":"a result"');
    await w.stub.publish(id, JSON.stringify({ distributed_query_execution_id: id, host: { id: 5 } }));
    await w.stub.answer(id + 1_000, w.hosts.b1, []);
    await w.stub.answer(id, w.hosts.a1, [{ version: 'again' }]);
    await w.stub.answer(id, w.hosts.b1, [], 'no such table: osquery_info');
    expect((await client.next('status', (d) => (d as { status: string }).status === 'finished')).data).toEqual({ expected_results: 2, actual_results: 2, status: 'finished' });
    expect(client.messages.filter((m) => m.type === 'result').map((m) => (m.data as { host: { id: number }; error: string | null }).error)).toEqual([null, 'no such table: osquery_info']);
    expect(client.messages.some((m) => m.type === 'error')).toBe(false);

    expect(w.stub.stopped).not.toContain(id);
    await client.close();
    await waitUntil(() => w.stub.stopped.includes(id));
  });

  it('delivers the answers of hosts that answered before the client connected', async () => {
    const id = await start(['a1', 'b1']);
    await w.stub.answer(id, w.hosts.a1, [{ version: 'early' }]);
    const client = await connect(w.admin, id);
    const early = await client.next('result');
    expect(early.data).toMatchObject({ host: { id: w.hosts.a1.id }, rows: [{ version: 'early' }] });
    await w.stub.answer(id, w.hosts.b1, [{ version: 'late' }]);
    expect((await client.next('status', (d) => (d as { status: string }).status === 'finished')).data).toEqual({ expected_results: 2, actual_results: 2, status: 'finished' });
    expect(client.messages.filter((m) => m.type === 'result')).toHaveLength(2);
    await client.close();
  });

  it('answers on the /api/v1 path too, and a global admin may follow anyone’s campaign', async () => {
    const creator = await w.token('observer_plus');
    const id = await start(['a1'], creator);
    const own = await connect(creator, id, '/api/v1/fleet/results/websocket');
    expect((await own.next('totals')).data).toMatchObject({ count: 1 });
    await own.close();
    const id2 = await start(['a1'], creator);
    const admin = await connect(await w.token('admin'), id2);
    expect((await admin.next('totals')).data).toMatchObject({ count: 1 });
    await admin.close();
  });

  it('refuses someone else’s campaign, an unknown campaign, a bad token and a role without live queries', async () => {
    const id = await start(['a1'], await w.token('observer_plus'));
    for (const [token, campaign, text] of [
      [await w.token('observer_plus'), id, 'only the user who started'],
      [w.admin, 987_654, 'campaign 987654 was not found'],
      ['not-a-token', id, 'invalid or expired API token'],
      [await w.token('gitops'), id, 'forbidden'],
    ] as const) {
      const client = await connect(token, campaign);
      expect(String((await client.next('error')).data)).toContain(text);
      expect(await client.closed).toBe(1008);
      expect(client.messages.some((m) => m.type === 'totals' || m.type === 'result')).toBe(false);
    }
    expect(w.stub.stopped).not.toContain(id);
  });

  it('answers malformed frames with an error and keeps going', async () => {
    const id = await start(['a1']);
    const client = await SocketClient.open(wsUrl());
    client.send('{not json');
    client.send({ type: 'hello', data: {} });
    client.send({ type: 'auth', data: { token: 42 } });
    client.send(Buffer.from([1, 2, 3]));
    client.send(JSON.stringify({ type: 'auth', data: { token: 'x'.repeat(20_000) } }));
    client.send({ type: 'auth', data: { token: w.admin } });
    client.send({ type: 'select_campaign', data: { campaign_id: 'seven' } });
    client.send({ type: 'select_campaign', data: { campaign_id: id } });
    expect((await client.next('totals')).data).toMatchObject({ count: 1 });
    client.send({ type: 'select_campaign', data: { campaign_id: id } });
    await client.next('error', (d) => String(d).includes('already selected'));
    const errors = client.messages.filter((m) => m.type === 'error').map((m) => String(m.data));
    expect(errors).toEqual([
      expect.stringContaining('malformed message'),
      expect.stringContaining('unknown message type "hello"'),
      expect.stringContaining('malformed auth message'),
      expect.stringContaining('binary frames'),
      expect.stringContaining('too large'),
      expect.stringContaining('malformed select_campaign'),
      expect.stringContaining('already selected'),
    ]);
    expect(client.isOpen).toBe(true);
    await client.close();
  });

  it('closes a client that selects a campaign before authenticating', async () => {
    const client = await SocketClient.open(wsUrl());
    client.send({ type: 'select_campaign', data: { campaign_id: 1 } });
    expect(String((await client.next('error')).data)).toContain('authenticate first');
    expect(await client.closed).toBe(1008);
  });

  it('leaves other upgrade paths alone (404 when nobody else serves them), and forgets closed sockets', async () => {
    await expect(SocketClient.open(wsUrl('/api/latest/fleet/other/websocket'))).rejects.toThrow('HTTP 404');
    await waitUntil(() => w.gw.server.app.get(ResultsSocketServer).openConnections === 0);
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('live query streams at shutdown', () => {
  it('closes open WebSockets and event streams so the server stops without waiting for clients', async () => {
    const w = await LiveQueryWorld.start();
    const run = async (): Promise<number> => (await w.call<{ campaign: { id: number } }>('POST', `${LATEST}/queries/run`, { query: 'SELECT 1;', selected: { hosts: [w.hosts.a1.id] } })).body.campaign.id;
    const socketCampaign = await run();
    const client = await SocketClient.open(`${w.gw.url.replace(/^http/, 'ws')}${PATH}`);
    client.send({ type: 'auth', data: { token: w.admin } });
    client.send({ type: 'select_campaign', data: { campaign_id: socketCampaign } });
    await client.next('totals');
    const sseCampaign = await run();
    const sse = await w.gw.fetch(`/api/latest/flotilla/campaigns/${sseCampaign}/results`, { token: w.admin });
    expect(sse.status).toBe(200);
    const stub = w.stub;
    await w.gw.close(); // the live-query stand-in stays until the bus closes
    expect(await client.closed).toBe(1001);
    expect(stub.stopped).toEqual(expect.arrayContaining([socketCampaign, sseCampaign]));
  });
});
