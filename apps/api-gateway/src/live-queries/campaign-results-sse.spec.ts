import { LATEST, LiveQueryWorld } from './testing/live-query-world';

interface SseEvent {
  event: string;
  data: unknown;
}

/** Reads Server-Sent Events from a fetch response body as they arrive. */
class SseReader {
  readonly events: SseEvent[] = [];
  private buffer = '';

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  async next(event: string, match: (data: unknown) => boolean = () => true): Promise<SseEvent> {
    const decoder = new TextDecoder();
    for (;;) {
      const found = this.events.find((e) => e.event === event && match(e.data));
      if (found) return found;
      const chunk = await this.reader.read();
      if (chunk.done) throw new Error(`stream ended without ${event}: ${JSON.stringify(this.events)}`);
      this.buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const type = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (type && data) this.events.push({ event: type, data: JSON.parse(data) });
      }
    }
  }
}

describe('live query results as Server-Sent Events (GET /api/latest/flotilla/campaigns/:id/results)', () => {
  let w: LiveQueryWorld;
  const start = async (token = w.admin): Promise<number> => {
    const res = await w.call<{ campaign: { id: number } }>('POST', `${LATEST}/queries/run`, { query: 'SELECT 1;', selected: { hosts: [w.hosts.a1.id, w.hosts.b1.id] } }, token);
    if (res.status !== 200) throw new Error(`run: ${res.status}`);
    return res.body.campaign.id;
  };
  const open = (id: number | string, token: string | undefined, signal?: AbortSignal) => w.gw.fetch(`/api/latest/flotilla/campaigns/${id}/results`, { ...(token !== undefined ? { token } : {}), ...(signal ? { signal } : {}) });

  beforeAll(async () => {
    w = await LiveQueryWorld.start();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('sends totals, status and results as events, and stops the campaign when the client disconnects', async () => {
    const creator = await w.token('observer_plus', 'A');
    const id = await start(await w.token('admin'));
    expect((await open(id, creator)).status).toBe(403);

    const ownId = await (async () => {
      const res = await w.call<{ campaign: { id: number } }>('POST', `${LATEST}/queries/run`, { query: 'SELECT 1;', selected: { teams: [w.teamA] } }, creator);
      return res.body.campaign.id;
    })();
    const abort = new AbortController();
    const res = await open(ownId, creator, abort.signal);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = new SseReader((res.body as ReadableStream<Uint8Array>).getReader());
    expect((await sse.next('totals')).data).toEqual({ count: 2, online: 1, offline: 1, missing_in_action: 0 });
    expect((await sse.next('status')).data).toEqual({ expected_results: 1, actual_results: 0, status: 'pending' });
    await w.stub.answer(ownId, w.hosts.a1, [{ answer: '42' }]);
    expect((await sse.next('result')).data).toMatchObject({ host: { id: w.hosts.a1.id }, rows: [{ answer: '42' }] });
    expect((await sse.next('status', (d) => (d as { status: string }).status === 'finished')).data).toEqual({ expected_results: 1, actual_results: 1, status: 'finished' });
    expect(w.stub.stopped).not.toContain(ownId);
    abort.abort();
    const until = Date.now() + 3_000;
    while (!w.stub.stopped.includes(ownId) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(w.stub.stopped).toContain(ownId);
  });

  it('answers JSON errors before streaming (401, 403 for a role without live queries, 404, 400), and HEAD at once', async () => {
    const id = await start();
    expect((await open(id, undefined)).status).toBe(401);
    expect((await open(id, await w.token('gitops'))).status).toBe(403);
    const missing = await open(424_242, w.admin);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errors: [{ reason: expect.stringContaining('campaign 424242') }] });
    expect((await open('abc', w.admin)).status).toBe(400);
    const head = await w.gw.fetch(`/api/latest/flotilla/campaigns/${id}/results`, { method: 'HEAD', token: w.admin });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('text/event-stream');
    expect(w.stub.stopped).not.toContain(id);
  });
});
