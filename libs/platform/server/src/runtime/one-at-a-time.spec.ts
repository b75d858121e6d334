import { OneAtATime } from './one-at-a-time';

describe('OneAtATime', () => {
  it('runs tasks in call order, never two at once, and a failure only rejects its own caller', async () => {
    const queue = new OneAtATime();
    const events: string[] = [];
    let running = 0;
    const task = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) => {
        running++;
        expect(running).toBe(1);
        events.push(`start ${name}`);
        setTimeout(() => {
          running--;
          events.push(`end ${name}`);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms);
      });
    const results = await Promise.allSettled([queue.run(task('a', 30)), queue.run(task('b', 5, true)), queue.run(task('c', 1))]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
