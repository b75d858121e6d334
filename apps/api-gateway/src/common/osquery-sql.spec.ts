import { leadingKeyword, MAX_OSQUERY_SQL_BYTES, osquerySqlProblem } from './osquery-sql';

describe('osquery SQL check', () => {
  it.each([
    ['SELECT 1', 'SELECT'],
    ['  \n\tselect * from os_version', 'SELECT'],
    ['-- who\n-- what\nWITH x AS (SELECT 1) SELECT * FROM x', 'WITH'],
    ['/* a */ /* b\n */ select 1', 'SELECT'],
    ['/* never closed select 1', ''],
    ['-- only a comment', ''],
    ['DELETE FROM users', 'DELETE'],
    ['selected', 'SELECTED'],
    ['select1', 'SELECT1'],
    ['(SELECT 1)', ''],
  ])('finds the leading keyword of %j', (sql, keyword) => {
    expect(leadingKeyword(sql)).toBe(keyword);
  });

  it.each([
    ['SELECT 1', true],
    ['  select * from os_version;', true],
    ['WITH a AS (SELECT 1) SELECT * FROM a', true],
    ['-- a comment\nSELECT 1', true],
    ['/* multi\nline */ /* twice */ SELECT 1', true],
    ['selected', false],
    ['', false],
    ['   ', false],
    ['-- only a comment', false],
    ['/* unterminated SELECT 1', false],
    ['INSERT INTO x VALUES (1)', false],
    ['PRAGMA table_info(x)', false],
  ])('%j is an osquery read: %s', (sql, ok) => {
    expect(osquerySqlProblem(sql) === null).toBe(ok);
  });

  it('counts UTF-8 bytes against the limit', () => {
    expect(osquerySqlProblem(`SELECT '${'x'.repeat(MAX_OSQUERY_SQL_BYTES - 9)}'`)).toBeNull();
    expect(osquerySqlProblem(`SELECT '${'x'.repeat(MAX_OSQUERY_SQL_BYTES - 8)}'`)).toContain('bytes');
    expect(osquerySqlProblem(`SELECT '${'é'.repeat(MAX_OSQUERY_SQL_BYTES / 2)}'`)).toContain('bytes');
    expect(osquerySqlProblem('SELECT 1', 4)).toContain('the limit is 4');
  });
});
