import { ALL_MIGRATIONS } from './index';

describe('ALL_MIGRATIONS', () => {
  const names = ALL_MIGRATIONS.map((M) => ({ cls: M.name, declared: new M().name }));

  it('names every migration <PascalName><13-digit timestamp>, matching its class name', () => {
    for (const { cls, declared } of names) {
      expect(cls).toMatch(/^[A-Z][A-Za-z0-9]*\d{13}$/);
      expect(declared).toBe(cls);
    }
  });

  it('lists migrations oldest first, with unique timestamps', () => {
    const timestamps = names.map(({ cls }) => Number(cls.slice(-13)));
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    expect(new Set(timestamps).size).toBe(timestamps.length);
  });
});
