import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { isDuplicateKey, type Database } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { DATABASE, LOGGER, PLATFORM_CONTEXT, StartupWork } from '@flotilla/platform-server';
import type { PlatformContext } from '@flotilla/platform-server';
import { API_GATEWAY_SETTINGS } from '../api-gateway.tokens';
import type { ApiGatewaySettings } from '../config/api-gateway.config';
import { generateApiToken, hashApiToken } from './api-token';
import { SessionsRepository } from './sessions.repository';

export const BOOTSTRAP_SESSION_NAME = 'bootstrap';
export const BOOTSTRAP_TOKEN_FILE = 'bootstrap-api-token';

export type BootstrapOutcome = 'exists' | 'created-from-env' | 'created-to-file' | 'lost-race';

/**
 * First-start credential for the admin API, before user accounts exist: once the database is
 * up (waited for in the background; startup never blocks on it), if `sessions` is empty one
 * api-only session named `bootstrap` is created — from FLOTILLA_BOOTSTRAP_API_TOKEN when set,
 * otherwise from 32 random bytes written to <data dir>/bootstrap-api-token (mode 0600; only the
 * path is logged). Only the token's SHA-256 is stored.
 *
 * Replicas starting together: the same env token gives the same hash, so the unique index turns
 * the second insert into a duplicate error, ignored. Generated tokens differ, so after inserting,
 * a replica keeps its row only if it is the oldest unowned `bootstrap` session; otherwise it
 * deletes its own row and writes no file.
 */
@Injectable()
export class BootstrapTokenService extends StartupWork<BootstrapOutcome> {

  constructor(
    private readonly sessions: SessionsRepository,
    @Inject(DATABASE) db: Database,
    @Inject(API_GATEWAY_SETTINGS) private readonly settings: ApiGatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONTEXT) ctx: Pick<PlatformContext, 'readiness'>,
  ) {
    super({ name: 'bootstrap-token', kind: 'api-gateway', dependsOn: db, logger, readiness: ctx.readiness });
  }

  protected atStartup(): Promise<BootstrapOutcome> {
    return this.ensure();
  }

  /** Creates the bootstrap session when no session exists. */
  async ensure(): Promise<BootstrapOutcome> {
    const envToken = this.settings.bootstrapApiToken;
    if (!(await this.sessions.isEmpty())) {
      if (envToken && !(await this.sessions.findByTokenHash(hashApiToken(envToken)))) {
        this.logger.warn('FLOTILLA_BOOTSTRAP_API_TOKEN is set but ignored: sessions already exist');
      }
      return 'exists';
    }
    if (envToken) {
      try {
        await this.sessions.insert({ tokenHash: hashApiToken(envToken), name: BOOTSTRAP_SESSION_NAME, apiOnly: true, userId: null });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return 'lost-race';
      }
      this.logger.info('bootstrap API token installed from FLOTILLA_BOOTSTRAP_API_TOKEN');
      return 'created-from-env';
    }
    const token = generateApiToken();
    const id = await this.sessions.insert({ tokenHash: hashApiToken(token), name: BOOTSTRAP_SESSION_NAME, apiOnly: true, userId: null });
    const [oldest] = await this.sessions.unownedIdsNamed(BOOTSTRAP_SESSION_NAME);
    if (oldest !== id) {
      await this.sessions.delete(id);
      return 'lost-race';
    }
    const file = join(this.settings.dataDir, BOOTSTRAP_TOKEN_FILE);
    await mkdir(this.settings.dataDir, { recursive: true });
    // A fresh file (never an existing one with wider permissions) created with mode 0600.
    await rm(file, { force: true });
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
    this.logger.warn({ file }, 'bootstrap API token generated: use the token in this file as "Authorization: Bearer <token>", then delete the file');
    return 'created-to-file';
  }

}
