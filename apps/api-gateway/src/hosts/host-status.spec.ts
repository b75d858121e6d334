import { checkinIntervalSeconds, hostStatus, missingSince, newSince, onlineSince } from './host-status';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('host status rules', () => {
  it.each([
    [10, 10, 10],
    [10, 60, 10],
    [60, 10, 10],
    [0, 30, 30],
    [45, 0, 45],
    [0, 0, 10],
  ])('uses the smaller set interval (distributed %i, config %i → %i s)', (d, c, expected) => {
    expect(checkinIntervalSeconds(d, c)).toBe(expected);
  });

  it.each([
    [69_000, 10, 10, 'online'],
    [70_000, 10, 10, 'offline'],
    [119_000, 60, 120, 'online'],
    [121_000, 60, 120, 'offline'],
    [69_000, 0, 0, 'online'],
    [30 * 86_400_000 - 1, 10, 10, 'offline'],
    [30 * 86_400_000, 10, 10, 'offline'],
  ] as const)('seen %i ms ago with intervals %i/%i → %s', (msAgo, d, c, expected) => {
    expect(hostStatus({ seenTime: ago(msAgo), distributedInterval: d, configTlsRefresh: c }, NOW)).toBe(expected);
  });

  it('computes the thresholds the queries compare against', () => {
    expect(onlineSince(10, NOW)).toEqual(ago(70_000));
    expect(missingSince(NOW)).toEqual(ago(30 * 86_400_000));
    expect(newSince(NOW)).toEqual(ago(86_400_000));
  });
});
