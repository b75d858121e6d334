import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { Cache } from '@flotilla/platform-cache';
import type { Logger } from '@flotilla/platform-logging';
import { CACHE, LOGGER } from '@flotilla/platform-server';
import { ActivitiesService } from '../activities/activities.service';
import { API_GATEWAY_SETTINGS } from '../api-gateway.tokens';
import { AppConfigService } from '../app-config/app-config.service';
import { AuthError } from '../auth/auth.errors';
import { BOOTSTRAP_TOKEN_FILE } from '../auth/bootstrap-token.service';
import { hashPassword } from '../auth/password';
import { SessionsRepository } from '../auth/sessions.repository';
import { SessionsService } from '../auth/sessions.service';
import type { ApiGatewaySettings } from '../config/api-gateway.config';
import { UsersRepository, type UserRecord } from '../users/users.repository';

export interface SetupInput {
  name: string;
  email: string;
  password: string;
  orgName: string;
  serverUrl: string;
}

const SETUP_LOCK_TTL_MS = 30_000;

/**
 * First run: creates the first global admin, the organisation name and server URL, and signs the
 * admin in. Served only while no user exists (a cluster-wide lock makes two racing setups yield
 * one admin). The bootstrap token, which stood in for an admin until now, is revoked.
 */
@Injectable()
export class SetupService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly sessionsRepo: SessionsRepository,
    private readonly appConfig: AppConfigService,
    private readonly activities: ActivitiesService,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(API_GATEWAY_SETTINGS) private readonly settings: ApiGatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async needed(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  async run(input: SetupInput): Promise<{ user: UserRecord; token: string }> {
    if (!(await this.needed())) throw AuthError.setupCompleted();
    const lock = await this.cache.acquireLock('api-gateway:setup', SETUP_LOCK_TTL_MS);
    if (!lock) throw AuthError.setupCompleted();
    try {
      if (!(await this.needed())) throw AuthError.setupCompleted();
      const passwordHash = await hashPassword(input.password);
      const id = await this.users.insert({
        name: input.name,
        email: input.email,
        passwordHash,
        globalRole: 'admin',
        teams: [],
        apiOnly: false,
        ssoEnabled: false,
        mfaEnabled: false,
        forcePasswordReset: false,
        position: '',
      });
      const user = await this.users.findById(id);
      if (!user) throw new Error('setup: the new admin vanished');
      await this.appConfig.initialise({ orgName: input.orgName, serverUrl: input.serverUrl });
      const revoked = await this.sessionsRepo.deleteUnowned();
      await rm(join(this.settings.dataDir, BOOTSTRAP_TOKEN_FILE), { force: true });
      if (revoked > 0) this.logger.info({ revoked }, 'setup completed: bootstrap API token revoked');
      const { token } = await this.sessions.create(user, 'setup');
      await this.activities.record({ user }, 'completed_setup', { org_name: input.orgName, server_url: input.serverUrl });
      return { user, token };
    } finally {
      await lock.release();
    }
  }
}
