/**
 * The one check every stored osquery query goes through (labels, policies, saved queries): hosts
 * run them as reads, so each must be SQL that starts with SELECT or WITH, and fit a TEXT column.
 */

/** A MySQL TEXT column holds 65,535 bytes. */
export const MAX_OSQUERY_SQL_BYTES = 65_535;

/** The first keyword of `sql`, upper-cased, after whitespace and SQL comments (`-- …`, `/* … *\/`); '' if none. */
export function leadingKeyword(sql: string): string {
  let rest = sql;
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('--')) {
      const eol = rest.indexOf('\n');
      rest = eol < 0 ? '' : rest.slice(eol + 1);
    } else if (rest.startsWith('/*')) {
      const end = rest.indexOf('*/', 2);
      rest = end < 0 ? '' : rest.slice(end + 2);
    } else {
      break;
    }
  }
  return (/^\w+/.exec(rest)?.[0] ?? '').toUpperCase();
}

/**
 * Why `sql` is not an osquery read (the reason, for the caller's own error type), or null:
 * empty, over `maxBytes` of UTF-8, or not starting with SELECT or WITH.
 */
export function osquerySqlProblem(sql: string, maxBytes = MAX_OSQUERY_SQL_BYTES): string | null {
  if (sql.trim() === '') return 'query is required';
  const bytes = Buffer.byteLength(sql, 'utf8');
  if (bytes > maxBytes) return `query is ${bytes} bytes; the limit is ${maxBytes}`;
  const keyword = leadingKeyword(sql);
  if (keyword !== 'SELECT' && keyword !== 'WITH') return 'query must be an osquery SELECT statement (SELECT … or WITH … SELECT …)';
  return null;
}
