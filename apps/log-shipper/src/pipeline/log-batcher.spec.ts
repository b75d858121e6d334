import type { LogBatch } from '../destinations/log-destination';
import { Contribution, LogBatcher } from './log-batcher';
import type { LogRecord } from './log-records';

const record = (id: string, bytes = 10): LogRecord => ({ id, json: `"${id}"`, bytes });
const contribution = (ids: string[], receivedAt = '2025-01-01T00:00:00.000Z', deadline = Date.now() + 60_000): Contribution => ({ records: ids.map((id) => record(id)), receivedAt, deadline });

/** A sender whose batches are settled by the test. */
function manualSender() {
  const sent: Array<{ batch: LogBatch; deadline: number; resolve: () => void; reject: (e: unknown) => void }> = [];
  const send = (batch: LogBatch, deadline: number) => new Promise<void>((resolve, reject) => sent.push({ batch, deadline, resolve, reject }));
  return { sent, send };
}

/** Settled state of a promise, without waiting for it. */
function track(p: Promise<void>) {
  const state = { settled: 'pending' as 'pending' | 'resolved' | 'rejected', error: undefined as unknown };
  p.then(
    () => (state.settled = 'resolved'),
    (e: unknown) => {
      state.settled = 'rejected';
      state.error = e;
    },
  );
  return state;
}

const tick = () => new Promise((r) => setImmediate(r));

describe('LogBatcher', () => {
  it('gathers several messages into one batch and resolves each only when that batch is delivered', async () => {
    const { sent, send } = manualSender();
    const batcher = new LogBatcher({ maxLines: 100, maxBytes: 10_000, maxWaitMs: 20, slots: 10 }, send);
    const a = track(batcher.add('result', contribution(['a0', 'a1'], '2025-01-01T00:00:02.000Z', 5_000)));
    const b = track(batcher.add('result', contribution(['b0'], '2025-01-01T00:00:01.000Z', 4_000)));
    expect(sent).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 40));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.batch).toEqual({ logType: 'result', records: [record('a0'), record('a1'), record('b0')], receivedAt: '2025-01-01T00:00:01.000Z' });
    expect(sent[0]?.deadline).toBe(4_000); // the earliest deadline of its messages
    await tick();
    expect([a.settled, b.settled]).toEqual(['pending', 'pending']);
    sent[0]?.resolve();
    await tick();
    expect([a.settled, b.settled]).toEqual(['resolved', 'resolved']);
  });

  it('keeps log types apart', async () => {
    const { sent, send } = manualSender();
    const batcher = new LogBatcher({ maxLines: 100, maxBytes: 10_000, maxWaitMs: 0, slots: 10 }, send);
    void batcher.add('result', contribution(['r']));
    void batcher.add('status', contribution(['s']));
    expect(sent.map((s) => [s.batch.logType, s.batch.records.map((r) => r.id)])).toEqual([
      ['result', ['r']],
      ['status', ['s']],
    ]);
  });

  it('splits at maxLines and maxBytes; a message spread over batches resolves only once all of them are delivered', async () => {
    const { sent, send } = manualSender();
    const batcher = new LogBatcher({ maxLines: 2, maxBytes: 25, maxWaitMs: 10_000, slots: 10 }, send);
    const big = track(batcher.add('result', contribution(['m0', 'm1', 'm2', 'm3', 'm4'])));
    // 2 + 2 lines sent at once (full), the fifth waits for more.
    expect(sent.map((s) => s.batch.records.map((r) => r.id))).toEqual([
      ['m0', 'm1'],
      ['m2', 'm3'],
    ]);
    const small = track(batcher.add('result', { records: [record('x', 20)], receivedAt: 'z', deadline: Date.now() + 1_000 }));
    // m4 (10 bytes) + x (20 bytes) > 25 bytes: m4 goes alone; x waits.
    expect(sent.map((s) => s.batch.records.map((r) => r.id))).toEqual([['m0', 'm1'], ['m2', 'm3'], ['m4']]);
    sent[0]?.resolve();
    sent[2]?.resolve();
    await tick();
    expect(big.settled).toBe('pending');
    sent[1]?.resolve();
    await tick();
    expect(big.settled).toBe('resolved');
    expect(small.settled).toBe('pending');
    batcher.flushAll();
    expect(sent[3]?.batch.records.map((r) => r.id)).toEqual(['x']);
  });

  it('rejects every message of a failed batch, at once, even when another batch of theirs is still on its way', async () => {
    const { sent, send } = manualSender();
    const batcher = new LogBatcher({ maxLines: 2, maxBytes: 10_000, maxWaitMs: 0, slots: 10 }, send);
    const spread = track(batcher.add('status', contribution(['s0', 's1', 's2'])));
    const other = track(batcher.add('status', contribution(['o0'])));
    expect(sent.map((s) => s.batch.records.map((r) => r.id))).toEqual([['s0', 's1'], ['s2'], ['o0']]);
    const boom = new Error('destination down');
    sent[1]?.reject(boom);
    await tick();
    expect(spread).toEqual({ settled: 'rejected', error: boom });
    expect(other.settled).toBe('pending');
    sent[0]?.resolve();
    sent[2]?.resolve();
    await tick();
    expect(spread.settled).toBe('rejected');
    expect(other.settled).toBe('resolved');
  });

  it('sends at once when every consumer slot is waiting (no other message can arrive)', async () => {
    const { sent, send } = manualSender();
    const batcher = new LogBatcher({ maxLines: 100, maxBytes: 10_000, maxWaitMs: 60_000, slots: 2 }, send);
    void batcher.add('result', contribution(['a']));
    expect(sent).toHaveLength(0);
    void batcher.add('status', contribution(['b']));
    expect(sent.map((s) => s.batch.records.map((r) => r.id))).toEqual([['a'], ['b']]);
    // Slots free up only when messages settle.
    sent[0]?.resolve();
    await tick();
    void batcher.add('result', contribution(['c']));
    expect(sent).toHaveLength(3);
  });

  it('resolves an empty message at once without sending anything', async () => {
    const { sent, send } = manualSender();
    const batcher = new LogBatcher({ maxLines: 10, maxBytes: 1_000, maxWaitMs: 0, slots: 1 }, send);
    await expect(batcher.add('result', contribution([]))).resolves.toBeUndefined();
    expect(sent).toHaveLength(0);
  });
});
