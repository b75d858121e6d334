import { backoffDelay } from './backoff';
import { KeepConnected } from './keep-connected';

const fast = { initialMs: 5, maxMs: 20, jitter: 0 };

async function until(cond: () => boolean, timeoutMs = 2_000): Promise<void> {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    const opts = { initialMs: 100, maxMs: 1_000, jitter: 0 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, opts))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('keeps jitter within its fraction', () => {
    const opts = { initialMs: 1_000, maxMs: 1_000, jitter: 0.2 };
    expect(backoffDelay(0, opts, () => 0)).toBe(800);
    expect(backoffDelay(0, opts, () => 1)).toBe(1_200);
  });
});

describe('KeepConnected', () => {
  it('starts without throwing while the dependency is down, then comes up when it returns', async () => {
    let reachable = false;
    const statuses: string[] = [];
    const dep = new KeepConnected({
      name: 'db',
      kind: 'test',
      connect: async () => {
        if (!reachable) throw new Error('ECONNREFUSED 127.0.0.1:3306');
      },
      probe: async () => undefined,
      disconnect: async () => undefined,
      onStatus: (s) => statuses.push(s),
      backoff: fast,
      probeIntervalMs: 10,
    });
    await expect(dep.start()).resolves.toBeUndefined();
    await until(() => dep.health().status === 'down');
    expect(dep.health().detail).toContain('ECONNREFUSED');
    await expect(dep.ready(30)).rejects.toThrow(/not ready/);
    reachable = true;
    await dep.ready(1_000);
    expect(dep.health()).toEqual({ name: 'db', kind: 'test', status: 'up' });
    expect(statuses).toEqual(['down', 'up']);
    await dep.close();
  });

  it('notices a lost dependency through its probe and recovers', async () => {
    let alive = true;
    let connects = 0;
    const dep = new KeepConnected({
      name: 'cache',
      kind: 'test',
      connect: async () => {
        connects++;
      },
      probe: async () => {
        if (!alive) throw new Error('connection lost');
      },
      disconnect: async () => undefined,
      backoff: fast,
      probeIntervalMs: 10,
    });
    await dep.start();
    await dep.ready(1_000);
    alive = false;
    await until(() => dep.health().status === 'down');
    alive = true;
    await until(() => dep.health().status === 'up');
    expect(connects).toBe(1);
    await dep.close();
  });

  it('redacts credentials from connection error details', async () => {
    const dep = new KeepConnected({
      name: 'db',
      kind: 'test',
      connect: async () => {
        throw new Error('cannot reach mysql://root:s3cret@db:3306/x');
      },
      probe: async () => undefined,
      disconnect: async () => undefined,
      backoff: fast,
    });
    await dep.start();
    await until(() => dep.health().status === 'down');
    expect(dep.health().detail).not.toContain('s3cret');
    await dep.close();
  });
});
