import { checkDescription, checkName, checkPlatform, checkQuery, MAX_QUERY_BYTES } from './label-rules';
import { LabelsError } from './labels.errors';

/** The `errors[]` of what `fn` throws (a LabelsError). */
function problem(fn: () => unknown): { status: number; name: string | undefined } {
  try {
    fn();
  } catch (err) {
    if (err instanceof LabelsError) return { status: err.status, name: err.details[0]?.name };
    throw err;
  }
  throw new Error('expected a LabelsError');
}

describe('label rules', () => {
  it('accepts osquery SELECTs and refuses empty, non-SELECT and oversized queries, naming the field', () => {
    expect(checkQuery('SELECT 1 FROM os_version;')).toBe('SELECT 1 FROM os_version;');
    expect(checkQuery(`SELECT '${'x'.repeat(MAX_QUERY_BYTES - 9)}'`)).toHaveLength(MAX_QUERY_BYTES);
    for (const bad of [undefined, '', '   ', 'PRAGMA foo', 'UPDATE hosts SET x = 1', `SELECT '${'é'.repeat(MAX_QUERY_BYTES / 2)}'`]) {
      expect(problem(() => checkQuery(bad, 'specs.0.query'))).toEqual({ status: 422, name: 'specs.0.query' });
    }
  });

  it('accepts the platforms osquery knows, and nothing else', () => {
    for (const ok of ['', 'darwin', 'windows', 'chrome', 'linux', 'ubuntu', 'centos', 'rhel', 'debian', 'amzn']) expect(checkPlatform(ok)).toBe(ok);
    expect(checkPlatform(' darwin ')).toBe('darwin');
    for (const bad of ['macos', 'Darwin', 'darwin,windows', 'beos']) expect(problem(() => checkPlatform(bad))).toEqual({ status: 422, name: 'platform' });
  });

  it('trims names and bounds names and descriptions', () => {
    expect(checkName('  Servers ')).toBe('Servers');
    expect(checkName('é'.repeat(255))).toHaveLength(255);
    expect(problem(() => checkName('  '))).toEqual({ status: 422, name: 'name' });
    expect(problem(() => checkName('x'.repeat(256)))).toEqual({ status: 422, name: 'name' });
    expect(checkDescription('')).toBe('');
    expect(problem(() => checkDescription('d'.repeat(1024)))).toEqual({ status: 422, name: 'description' });
  });
});
