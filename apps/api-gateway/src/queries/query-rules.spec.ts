import type { QueryEntity } from '@flotilla/platform-db';
import { QueriesError } from './queries.errors';
import { canWriteQuery } from './query-access';
import { changesOf, resolveQueryContent } from './query-rules';

const stored = (over: Partial<QueryEntity> = {}): QueryEntity =>
  ({
    id: 1,
    teamId: null,
    teamKey: 0,
    name: 'q',
    description: '',
    query: 'SELECT 1',
    authorId: 7,
    observerCanRun: 0 as unknown as boolean,
    platform: '',
    minOsqueryVersion: '',
    scheduleInterval: 0,
    automationsEnabled: false,
    loggingType: 'snapshot',
    discardData: false,
    saved: true,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...over,
  }) as QueryEntity;

const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof QueriesError) return err.details.map((d) => d.name);
    throw err;
  }
  return [];
};

describe('query rules', () => {
  it('fills Fleet’s defaults for a new query and keeps stored values on a patch', () => {
    expect(resolveQueryContent({ name: ' n ', query: 'SELECT 1' }, null)).toEqual({
      name: 'n',
      description: '',
      query: 'SELECT 1',
      scheduleInterval: 0,
      platform: '',
      minOsqueryVersion: '',
      automationsEnabled: false,
      loggingType: 'snapshot',
      observerCanRun: false,
      discardData: false,
    });
    const current = stored({ scheduleInterval: 60, platform: 'darwin', loggingType: 'differential' });
    expect(resolveQueryContent({ description: 'd' }, current)).toMatchObject({ name: 'q', description: 'd', scheduleInterval: 60, platform: 'darwin', loggingType: 'differential' });
  });

  it('reports every problem at once', () => {
    expect(problems(() => resolveQueryContent({ name: '', query: 'PRAGMA x', interval: 604_801, logging: 'all', platform: 'beos', min_osquery_version: 'latest' }, null))).toEqual([
      'name',
      'query',
      'interval',
      'logging',
      'platform',
      'min_osquery_version',
    ]);
    expect(problems(() => resolveQueryContent({ name: 'n', query: 'SELECT 1', interval: 604_800, min_osquery_version: '5.10.0' }, null))).toEqual([]);
  });

  it('diffs only the columns that change (booleans as stored by SQLite included)', () => {
    const current = stored();
    expect(changesOf(current, resolveQueryContent({}, current))).toEqual({});
    expect(changesOf(current, resolveQueryContent({ observer_can_run: true, interval: 10 }, current))).toEqual({ observerCanRun: true, scheduleInterval: 10 });
  });

  it('lets team maintainers change only what they wrote; other writers anything in their scope', () => {
    const user = (globalRole: 'maintainer' | null, role: 'maintainer' | 'admin' | 'observer' = 'maintainer') => ({
      sessionId: 1,
      user: { id: 7, name: 'u', email: 'u@example.com', gravatarUrl: '', globalRole, teams: globalRole ? [] : [{ teamId: 3, role }], apiOnly: false, forcePasswordReset: false },
    });
    expect(canWriteQuery(user(null), { teamId: 3, authorId: 7 })).toBe(true);
    expect(canWriteQuery(user(null), { teamId: 3, authorId: 8 })).toBe(false);
    expect(canWriteQuery(user(null, 'admin'), { teamId: 3, authorId: 8 })).toBe(true);
    expect(canWriteQuery(user(null, 'observer'), { teamId: 3, authorId: 7 })).toBe(false);
    expect(canWriteQuery(user(null), { teamId: null, authorId: 7 })).toBe(false);
    expect(canWriteQuery(user('maintainer'), { teamId: 3, authorId: 8 })).toBe(true);
    expect(canWriteQuery({ sessionId: 1, user: null }, { teamId: 3, authorId: null })).toBe(true);
  });
});
