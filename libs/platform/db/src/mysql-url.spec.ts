import { describeMysqlTarget, parseMysqlUrl, redactUrl } from './mysql-url';

describe('parseMysqlUrl', () => {
  it.each([
    ['mysql://root@127.0.0.1:3306/flotilla', { host: '127.0.0.1', port: 3306, user: 'root', password: undefined, database: 'flotilla' }],
    ['mysql://fleet:p%40ss%3Aw0rd@db.internal/fleet_prod', { host: 'db.internal', port: 3306, user: 'fleet', password: 'p@ss:w0rd', database: 'fleet_prod' }],
    ['mariadb://u:p@[::1]:3307/x', { host: '::1', port: 3307, user: 'u', password: 'p', database: 'x' }],
  ])('%s', (url, expected) => {
    expect(parseMysqlUrl(url)).toEqual(expected);
  });

  it.each([
    ['not a url', /invalid MySQL URL/],
    ['postgres://u:topsecret@h/db', /scheme must be mysql/],
    ['mysql://u:topsecret@h:3306/', /database name/],
    ['mysql://u:topsecret@h:3306/a`b', /database name/],
  ])('rejects %s without echoing the password', (url, message) => {
    expect(() => parseMysqlUrl(url)).toThrow(message);
    try {
      parseMysqlUrl(url);
    } catch (err) {
      expect(String(err)).not.toContain('topsecret');
    }
  });
});

describe('redactUrl', () => {
  it('hides passwords of every URL in a text and leaves the rest alone', () => {
    expect(redactUrl('mysql://root:hunter2@h:3306/db')).toBe('mysql://root:***@h:3306/db');
    expect(redactUrl('failed a=mysql://a:b@h/x b=redis://:pw@r:6379')).toBe('failed a=mysql://a:***@h/x b=redis://:***@r:6379');
    expect(redactUrl('mysql://root@h:3306/db')).toBe('mysql://root@h:3306/db');
  });

  it('describes a target without its password', () => {
    expect(describeMysqlTarget(parseMysqlUrl('mysql://root:hunter2@10.0.0.5:3306/fleet'))).toBe('mysql://root@10.0.0.5:3306/fleet');
  });
});
