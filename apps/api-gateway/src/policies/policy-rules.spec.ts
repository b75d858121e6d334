import { labelsApply, nameProblem, normalisePlatform, platformApplies, queryProblem } from './policy-rules';

describe('policy rules', () => {
  it.each([
    ['SELECT 1', true],
    ['  select * from os_version;', true],
    ['WITH a AS (SELECT 1) SELECT * FROM a', true],
    ['-- a comment\nSELECT 1', true],
    ['/* multi\nline */ /* twice */ SELECT 1', true],
    ['selected', false],
    ['', false],
    ['-- only a comment', false],
    ['/* unterminated SELECT 1', false],
    ['INSERT INTO x VALUES (1)', false],
    ['PRAGMA table_info(x)', false],
  ])('query %j is a policy query: %s', (query, ok) => {
    expect(queryProblem(query) === null).toBe(ok);
  });

  it('limits names and queries', () => {
    expect(nameProblem('x'.repeat(255))).toBeNull();
    expect(nameProblem('é'.repeat(256))?.name).toBe('name');
    expect(queryProblem(`SELECT '${'x'.repeat(64 * 1024)}'`)?.reason).toContain('bytes');
  });

  it('normalises platform lists and names unknown platforms', () => {
    expect(normalisePlatform('')).toEqual({ platform: '' });
    expect(normalisePlatform(' windows,chrome , windows')).toEqual({ platform: 'windows,chrome' });
    expect(normalisePlatform('darwin,ios')).toEqual({ problem: { name: 'platform', reason: expect.stringContaining('ios') } });
  });

  it('matches host platforms: linux is the Linux family', () => {
    expect(platformApplies('', 'freebsd')).toBe(true);
    expect(platformApplies('linux', 'ubuntu')).toBe(true);
    expect(platformApplies('linux', 'darwin')).toBe(false);
    expect(platformApplies('darwin,windows', 'windows')).toBe(true);
    expect(platformApplies('chrome', 'chrome')).toBe(true);
  });

  it('scopes by labels: any include, no exclude', () => {
    const inLabels = new Set([1, 2]);
    expect(labelsApply(null, null, inLabels)).toBe(true);
    expect(labelsApply([3, 2], null, inLabels)).toBe(true);
    expect(labelsApply([3], null, inLabels)).toBe(false);
    expect(labelsApply(null, [2], inLabels)).toBe(false);
    expect(labelsApply([], [4], inLabels)).toBe(true);
  });
});
