import { PassThrough } from 'node:stream';
import { KeepConnected } from '@flotilla/platform-health';
import { createLogger } from '@flotilla/platform-logging';
import { waitFor } from '@flotilla/testing';
import { StartupTask } from './startup-task';

const logger = createLogger({ level: 'silent', base: {}, destination: new PassThrough() });

describe('StartupTask', () => {
  it('waits for its dependency, retries until the work succeeds, and reports starting until then', async () => {
    let reachable = false;
    const dep = new KeepConnected({
      name: 'db',
      kind: 'test',
      connect: async () => {
        if (!reachable) throw new Error('down');
      },
      probe: async () => undefined,
      disconnect: async () => undefined,
      backoff: { initialMs: 5, maxMs: 10, jitter: 0 },
    });
    await dep.start();
    let attempts = 0;
    const task = new StartupTask({
      name: 'seed',
      kind: 'test',
      dependsOn: dep,
      logger,
      retryMs: 5,
      run: async () => {
        attempts++;
        if (attempts < 3) throw new Error('schema not migrated yet');
      },
    });
    const done = task.start();
    await new Promise((r) => setTimeout(r, 30));
    expect(attempts).toBe(0);
    expect(task.health()).toEqual({ name: 'seed', kind: 'test', status: 'starting' });
    reachable = true;
    await done;
    expect(attempts).toBe(3);
    expect(task.health().status).toBe('up');
    await dep.close();
  });

  it('gives up quietly when stopped before its dependency comes up', async () => {
    const dep = new KeepConnected({ name: 'db', kind: 'test', connect: async () => Promise.reject(new Error('down')), probe: async () => undefined, disconnect: async () => undefined });
    await dep.start();
    let ran = false;
    const task = new StartupTask({ name: 'seed', kind: 'test', dependsOn: dep, logger, run: async () => void (ran = true) });
    const done = task.start();
    task.stop();
    await waitFor(async () => (await Promise.race([done.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 50))])) || undefined, { timeoutMs: 3_000, what: 'task to end' });
    expect(ran).toBe(false);
    await dep.close();
  });
});
