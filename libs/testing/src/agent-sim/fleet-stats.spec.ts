import { FleetStatsCollector } from './fleet-stats';

describe('FleetStatsCollector.resetWindow', () => {
  it('starts per-endpoint stats from zero and keeps fleet counters', () => {
    const c = new FleetStatsCollector();
    c.recordRequest('distributed/read', 'ok', 100, 10, 20);
    c.recordRequest('distributed/read', 'error', 5, 10, 0, 'boom');
    c.counters.enrollments = 3;
    c.resetWindow();
    const before = c.endpointSnapshots()['distributed/read'];
    expect(before).toMatchObject({ count: 0, errors: 0, bytesSent: 0, p99Ms: 0, maxMs: 0 });
    expect(before.lastError).toBeUndefined();
    c.recordRequest('distributed/read', 'ok', 2, 10, 20);
    expect(c.endpointSnapshots()['distributed/read']).toMatchObject({ count: 1, maxMs: 2 });
    expect(c.counters.enrollments).toBe(3);
  });
});
