import { MetricsRegistry } from '@flotilla/platform-metrics';
import { Database } from './database';
import { TypeormLogAdapter } from './typeorm-log.adapter';

describe('TypeormLogAdapter', () => {
  it('counts every query through onQuery and logs nothing for it', () => {
    const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
    const onQuery = jest.fn();
    const adapter = new TypeormLogAdapter(logger, onQuery);
    adapter.logQuery();
    adapter.logQuery();
    expect(onQuery).toHaveBeenCalledTimes(2);
    expect(logger.info).not.toHaveBeenCalled();
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('works without a counter', () => {
    expect(() => new TypeormLogAdapter(undefined).logQuery()).not.toThrow();
  });

  it('feeds db_queries_total on /metrics from a real database', async () => {
    const metrics = new MetricsRegistry({ service: 'test' });
    const db = new Database({ dialect: 'sqlite', sqlitePath: ':memory:', autoMigrate: false, entities: [], migrations: [], onQuery: () => metrics.dbQueries.inc() });
    await db.start();
    try {
      await db.ready(5_000);
      const before = (await metrics.dbQueries.get()).values[0]?.value ?? 0;
      await db.dataSource.query('SELECT 1');
      await db.dataSource.query('SELECT 2');
      const after = (await metrics.dbQueries.get()).values[0]?.value ?? 0;
      expect(after - before).toBe(2);
      expect(await metrics.render()).toMatch(/^db_queries_total\{service="test"\} \d+$/m);
    } finally {
      await db.close();
    }
  });
});
