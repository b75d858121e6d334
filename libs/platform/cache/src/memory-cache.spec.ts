import { DependencyUnavailableError } from '@flotilla/platform-errors';
import { MemoryCache } from './memory-cache';
import { describeCacheContract, eventually } from './testing/cache.contract';

describeCacheContract('MemoryCache', () => new MemoryCache({ sweepIntervalMs: 20 }));

describe('MemoryCache', () => {
  it('sweeps expired keys that nobody reads again', async () => {
    const cache = new MemoryCache({ sweepIntervalMs: 20 });
    await cache.start();
    for (let i = 0; i < 100; i++) await cache.set(`k${i}`, 'v', 50);
    await cache.set('forever', 'v');
    expect(cache.size).toBe(101);
    await eventually(() => expect(cache.size).toBe(1));
    await cache.close();
  });

  it('grows bitfields linearly when setting ascending offsets', async () => {
    const cache = new MemoryCache();
    await cache.start();
    for (let i = 0; i < 200_000; i += 7) await cache.setBit('bits', i, 1);
    expect(await cache.bitCount('bits')).toBe(Math.ceil(200_000 / 7));
    expect(await cache.getBit('bits', 199_997)).toBe(1);
    await cache.close();
  });

  it('reports up after start and rejects as unavailable once closed', async () => {
    const errors: unknown[] = [];
    const cache = new MemoryCache({ onHandlerError: (_channel, err) => errors.push(err) });
    expect(cache.health().status).toBe('starting');
    await cache.start();
    expect(cache.health()).toEqual({ name: 'cache', kind: 'memory', status: 'up' });
    await cache.subscribe('ch', () => {
      throw new Error('handler bug');
    });
    await cache.publish('ch', 'x');
    await eventually(() => expect(errors).toHaveLength(1));
    await cache.close();
    expect(cache.health().status).toBe('down');
    await expect(cache.get('k')).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(cache.publish('ch', 'x')).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
