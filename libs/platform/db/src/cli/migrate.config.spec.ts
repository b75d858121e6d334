import { MigrateConfigError, parseMigrateConfig } from './migrate.config';

describe('parseMigrateConfig', () => {
  it('defaults to migrating the standalone SQLite file under ./.flotilla', () => {
    expect(parseMigrateConfig({}, [], '/srv/app')).toEqual({
      command: 'migrate',
      mode: 'standalone',
      database: { dialect: 'sqlite', sqlitePath: '/srv/app/.flotilla/flotilla.sqlite' },
      waitMs: 30_000,
    });
  });

  it('uses FLOTILLA_DATA_DIR (relative to cwd or absolute)', () => {
    expect(parseMigrateConfig({ FLOTILLA_DATA_DIR: 'data' }, ['--status'], '/srv/app')).toMatchObject({
      command: 'status',
      database: { sqlitePath: '/srv/app/data/flotilla.sqlite' },
    });
    expect(parseMigrateConfig({ FLOTILLA_DATA_DIR: '/var/lib/flotilla' }, [], '/srv/app').database.sqlitePath).toBe('/var/lib/flotilla/flotilla.sqlite');
  });

  it('uses MYSQL_URL in distributed mode, with a local default', () => {
    expect(parseMigrateConfig({ FLOTILLA_MODE: 'distributed' }, ['--revert'], '/')).toMatchObject({
      command: 'revert',
      mode: 'distributed',
      database: { dialect: 'mysql', url: 'mysql://root@127.0.0.1:3306/flotilla' },
    });
    expect(parseMigrateConfig({ FLOTILLA_MODE: 'distributed', MYSQL_URL: 'mysql://u:p@db:3306/fleet' }, ['migrate'], '/').database.url).toBe(
      'mysql://u:p@db:3306/fleet',
    );
  });

  it('reports every problem at once, without secrets', () => {
    const parse = (): unknown =>
      parseMigrateConfig({ FLOTILLA_MODE: 'cluster', FLOTILLA_MIGRATE_WAIT_MS: 'soon' }, ['--status', '--revert', '--force'], '/');
    expect(parse).toThrow(MigrateConfigError);
    expect(parse).toThrow(/unknown argument "--force"[\s\S]*choose one command[\s\S]*FLOTILLA_MODE[\s\S]*FLOTILLA_MIGRATE_WAIT_MS/);
    const badUrl = (): unknown => parseMigrateConfig({ FLOTILLA_MODE: 'distributed', MYSQL_URL: 'mysql://u:hunter22@db:3306/' }, [], '/');
    expect(badUrl).toThrow(/MYSQL_URL/);
    expect(badUrl).not.toThrow(/hunter22/);
  });
});
