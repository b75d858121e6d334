import { QueryResultEntity, testDatabase, type Database } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import type { OsqueryIngestSettings } from '../config/osquery-ingest.config';
import type { HostQueryReport } from './query-report.builder';
import { QueryReportWriter } from './query-report.writer';
import { QueryReportsRepository } from './query-reports.repository';

const database = testDatabase('sqlite', 'ingest-query-report-writer');
const silent = { warn: () => undefined } as unknown as Logger;
const report = (queryId: number, iso: string, rows: Array<Record<string, string>>): HostQueryReport => ({ queryId, lastFetched: new Date(iso), rows, rowCount: rows.length, clipped: false, partial: false });

describe('QueryReportWriter', () => {
  let db: Database;
  let repo: QueryReportsRepository;
  let writer: QueryReportWriter;
  const rowsOf = async (queryId: number, hostId: number) => (await db.manager.findOneBy(QueryResultEntity, { queryId, hostId }))?.rows;

  beforeAll(async () => {
    db = await database.open();
    repo = new QueryReportsRepository(db);
  });
  afterAll(() => database.cleanup());
  beforeEach(async () => {
    await db.manager.clear(QueryResultEntity);
    // No timer: the test flushes.
    writer = new QueryReportWriter(repo, { queryReportMaxRows: 10 } as OsqueryIngestSettings, silent);
  });
  afterEach(() => jest.restoreAllMocks());

  it('stores many hosts in one transaction and settles each caller only once its results are committed', async () => {
    const calls = jest.spyOn(repo, 'storeResults');
    let settled = 0;
    const stores = Array.from({ length: 50 }, (_, i) => writer.store(i + 1, [report(7, '2025-05-06T10:00:00Z', [{ host: String(i + 1) }])]).then(() => settled++));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(0);
    expect(await rowsOf(7, 1)).toBeUndefined();
    await writer.flush();
    await Promise.all(stores);
    expect(settled).toBe(50);
    expect(calls).toHaveBeenCalledTimes(1);
    expect(calls.mock.calls[0]?.[0]).toHaveLength(50);
    expect(await rowsOf(7, 50)).toEqual([{ host: '50' }]);
  });

  it("writes a host's later results after its earlier ones, in the next round, and nothing for empty results", async () => {
    const calls = jest.spyOn(repo, 'storeResults');
    await writer.store(3, []);
    const first = writer.store(1, [report(7, '2025-05-06T10:00:00Z', [{ v: 'first' }])]);
    const second = writer.store(1, [report(7, '2025-05-06T10:01:00Z', [{ v: 'second' }])]);
    await writer.flush();
    await Promise.all([first, second]);
    expect(calls).toHaveBeenCalledTimes(2);
    expect(await rowsOf(7, 1)).toEqual([{ v: 'second' }]);
  });

  it('when a batch fails, stores each host alone: only the failing host is rejected (its chunk is redelivered)', async () => {
    const real = repo.storeResults.bind(repo);
    jest.spyOn(repo, 'storeResults').mockImplementation(async (batch, maxRows) => {
      if (batch.some((h) => h.hostId === 2)) throw new Error('row too large');
      return real(batch, maxRows);
    });
    const outcomes = Promise.allSettled([1, 2, 3].map((hostId) => writer.store(hostId, [report(7, '2025-05-06T10:00:00Z', [{ host: String(hostId) }])])));
    await writer.flush();
    expect((await outcomes).map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([await rowsOf(7, 1), await rowsOf(7, 2), await rowsOf(7, 3)]).toEqual([[{ host: '1' }], undefined, [{ host: '3' }]]);
  });
});
