import 'reflect-metadata';
import { Database } from '../database';
import type { MigrationState } from '../schema.migrator';
import { MIGRATE_USAGE, MigrateConfig, MigrateConfigError, parseMigrateConfig } from './migrate.config';

/**
 * `npm run migrate [-- --status | --revert]`: applies, lists or reverts schema migrations
 * on the database of the configured mode. Exits non-zero with a one-line reason on failure.
 */
async function main(): Promise<number> {
  let config: MigrateConfig;
  try {
    // eslint-disable-next-line no-restricted-properties -- a CLI entry point: the environment is parsed once, here, by parseMigrateConfig
    config = parseMigrateConfig(process.env, process.argv.slice(2), process.cwd());
  } catch (err) {
    if (!(err instanceof MigrateConfigError)) throw err;
    process.stderr.write(`migrate: ${err.message}\n\n${MIGRATE_USAGE}\n`);
    return 2;
  }
  if (config.command === 'help') {
    process.stdout.write(`${MIGRATE_USAGE}\n`);
    return 0;
  }

  const db = new Database(config.database);
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  // The database's retry and ready timers are unref'd (they must not keep services alive);
  // this CLI has nothing else pending while it waits, so hold the event loop open itself.
  const keepAlive = setInterval(() => undefined, 1_000);
  try {
    await db.start();
    await db.ready(config.waitMs).catch((err: unknown) => {
      throw new Error(`cannot reach ${db.target}: ${db.health().detail ?? (err instanceof Error ? err.message : String(err))}`);
    });
    out(`migrate: ${config.mode} mode, ${db.target}`);
    switch (config.command) {
      case 'migrate': {
        const applied = await db.migrator.runPending();
        out(applied.length === 0 ? 'No pending migrations; schema is up to date.' : `Applied ${applied.length} migration(s):`);
        for (const name of applied) out(`  + ${name}`);
        break;
      }
      case 'status': {
        const states = await db.migrator.status();
        for (const s of states) out(`  [${s.applied ? 'x' : ' '}] ${s.name}`);
        out(summary(states));
        break;
      }
      case 'revert': {
        const reverted = await db.migrator.revertLast();
        out(reverted ? `Reverted ${reverted}.` : 'Nothing to revert: no migration is applied.');
        break;
      }
    }
    return 0;
  } catch (err) {
    process.stderr.write(`migrate: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    clearInterval(keepAlive);
    await db.close().catch(() => undefined);
  }
}

function summary(states: readonly MigrationState[]): string {
  const applied = states.filter((s) => s.applied).length;
  return `${applied} applied, ${states.length - applied} pending.`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`migrate: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
