import { join, resolve } from 'node:path';
import type { DatabaseOptions } from '../database.options';
import { parseMysqlUrl, redactUrl } from '../mysql-url';

export type MigrateCommand = 'migrate' | 'status' | 'revert' | 'help';

export interface MigrateConfig {
  command: MigrateCommand;
  mode: 'standalone' | 'distributed';
  database: Pick<DatabaseOptions, 'dialect' | 'url' | 'sqlitePath'>;
  /** How long to wait for the database to accept connections. */
  waitMs: number;
}

export const MIGRATE_USAGE = `Usage: npm run migrate [-- <command>]

Commands:
  migrate      apply every pending migration (default)
  --status     list applied and pending migrations
  --revert     undo the most recently applied migration
  --help       show this help

Environment:
  FLOTILLA_MODE       standalone (default): SQLite at $FLOTILLA_DATA_DIR/flotilla.sqlite
                      distributed: MySQL/MariaDB at $MYSQL_URL
  FLOTILLA_DATA_DIR   default ./.flotilla
  MYSQL_URL           default mysql://root@127.0.0.1:3306/flotilla
  FLOTILLA_MIGRATE_WAIT_MS  how long to wait for the database (default 30000)`;

const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/flotilla';

const COMMANDS: Readonly<Record<string, MigrateCommand>> = {
  migrate: 'migrate',
  '--migrate': 'migrate',
  '--status': 'status',
  status: 'status',
  '--revert': 'revert',
  revert: 'revert',
  '--help': 'help',
  '-h': 'help',
  help: 'help',
};

/** A configuration problem: the CLI prints the message (never a secret) and exits non-zero. */
export class MigrateConfigError extends Error {}

/**
 * Reads the migrate CLI's environment and arguments once. Every problem is reported
 * together; secrets in MYSQL_URL are never echoed.
 */
export function parseMigrateConfig(env: Readonly<Record<string, string | undefined>>, args: readonly string[], cwd: string): MigrateConfig {
  const problems: string[] = [];

  const commands = args.map((a) => ({ arg: a, command: COMMANDS[a] }));
  for (const c of commands) if (!c.command) problems.push(`unknown argument "${c.arg}"`);
  const distinct = [...new Set(commands.flatMap((c) => (c.command ? [c.command] : [])))];
  if (distinct.length > 1) problems.push(`choose one command, got: ${distinct.join(', ')}`);
  const command = distinct[0] ?? 'migrate';

  const rawMode = env['FLOTILLA_MODE']?.trim() || 'standalone';
  if (rawMode !== 'standalone' && rawMode !== 'distributed') {
    problems.push(`FLOTILLA_MODE must be "standalone" or "distributed", got "${rawMode}"`);
  }
  const mode = rawMode === 'distributed' ? 'distributed' : 'standalone';

  const rawWait = env['FLOTILLA_MIGRATE_WAIT_MS']?.trim();
  const waitMs = rawWait ? Number(rawWait) : 30_000;
  if (!Number.isInteger(waitMs) || waitMs <= 0) problems.push(`FLOTILLA_MIGRATE_WAIT_MS must be a positive integer, got "${rawWait ?? ''}"`);

  let database: MigrateConfig['database'];
  if (mode === 'distributed') {
    const url = env['MYSQL_URL']?.trim() || DEFAULT_MYSQL_URL;
    try {
      parseMysqlUrl(url);
    } catch (err) {
      problems.push(`MYSQL_URL: ${err instanceof Error ? err.message : String(err)}`);
    }
    database = { dialect: 'mysql', url };
  } else {
    const dataDir = env['FLOTILLA_DATA_DIR']?.trim() || './.flotilla';
    database = { dialect: 'sqlite', sqlitePath: join(resolve(cwd, dataDir), 'flotilla.sqlite') };
  }

  if (problems.length > 0) throw new MigrateConfigError(redactUrl(`invalid configuration:\n  - ${problems.join('\n  - ')}`));
  return { command, mode, database, waitMs };
}
