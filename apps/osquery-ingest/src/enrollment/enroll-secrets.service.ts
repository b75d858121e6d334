import { randomBytes } from 'node:crypto';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { ENROLL_SECRETS_CHANGED, ENROLL_SECRETS_LIST, ENROLL_SECRETS_REPLACE, EnrollSecretView } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import type { Database } from '@flotilla/platform-db';
import { FlotillaError } from '@flotilla/platform-errors';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, BusHandlers, DATABASE, LOGGER, OnEvent, OnRequest, PLATFORM_CONTEXT, StartupWork } from '@flotilla/platform-server';
import type { PlatformContext } from '@flotilla/platform-server';
import type { OsqueryIngestSettings } from '../config/osquery-ingest.config';
import { OSQUERY_INGEST_SETTINGS } from '../osquery-ingest.tokens';
import { EnrollSecretsRepository } from './enroll-secrets.repository';

export const ENROLL_SECRET_FILE = 'enroll-secret';
const RELOAD_ON_MISS_MS = 10_000;

/**
 * Enroll secrets: an in-memory map secret → team (reloaded on change events, on every replica),
 * the owner side of the enroll-secret contracts, and a usable global secret on a fresh install
 * (FLOTILLA_ENROLL_SECRET, or a random one written to <data dir>/enroll-secret).
 */
@BusHandlers('osquery-ingest')
@Injectable()
export class EnrollSecretsService extends StartupWork<void> {
  private secrets: Map<string, number | null> | undefined;
  private loadedAt = 0;

  constructor(
    private readonly repo: EnrollSecretsRepository,
    @Inject(DATABASE) db: Database,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(OSQUERY_INGEST_SETTINGS) private readonly settings: OsqueryIngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONTEXT) ctx: Pick<PlatformContext, 'readiness'>,
  ) {
    super({ name: 'enroll-secrets', kind: 'osquery-ingest', dependsOn: db, logger, readiness: ctx.readiness });
  }

  /** Not ready to enroll until the secrets are loaded (and, on a fresh install, seeded). */
  protected async atStartup(): Promise<void> {
    if ((await this.repo.count()) === 0) await this.seed();
    await this.reload();
  }

  /**
   * The team a secret enrolls into (`null` = global), or `undefined` if the secret is not valid.
   * An unknown secret re-reads the table at most every RELOAD_ON_MISS_MS, in case a change event was missed.
   */
  async teamFor(secret: string): Promise<number | null | undefined> {
    let secrets = this.secrets ?? (await this.reload());
    if (!secrets.has(secret) && Date.now() - this.loadedAt > RELOAD_ON_MISS_MS) secrets = await this.reload();
    return secrets.has(secret) ? (secrets.get(secret) ?? null) : undefined;
  }

  @OnRequest(ENROLL_SECRETS_LIST)
  async list(req: { teamId: number | null }): Promise<{ secrets: EnrollSecretView[] }> {
    return { secrets: (await this.repo.forTeam(req.teamId)).map(view) };
  }

  @OnRequest(ENROLL_SECRETS_REPLACE)
  async replace(req: { teamId: number | null; secrets: string[] }): Promise<{ secrets: EnrollSecretView[] }> {
    const unique = [...new Set(req.secrets)];
    const taken = await this.repo.takenElsewhere(req.teamId, unique);
    if (taken.length > 0) {
      throw new FlotillaError('secret_taken', 'Validation Failed', 409, [{ name: 'secret', reason: 'a secret is already in use by another team' }]);
    }
    await this.repo.replace(req.teamId, unique);
    await this.bus.publish(ENROLL_SECRETS_CHANGED, { teamId: req.teamId });
    return this.list(req);
  }

  @OnEvent(ENROLL_SECRETS_CHANGED, { broadcast: true })
  async changed(): Promise<void> {
    await this.reload();
  }

  private async reload(): Promise<Map<string, number | null>> {
    const rows = await this.repo.all();
    this.loadedAt = Date.now();
    this.secrets = new Map(rows.map((r) => [r.secret, r.teamId]));
    return this.secrets;
  }

  private async seed(): Promise<void> {
    const given = this.settings.enrollSecret;
    const secret = given ?? randomBytes(24).toString('base64url');
    await this.repo.insertIfAbsent(secret, null);
    if (!given) {
      await mkdir(this.settings.dataDir, { recursive: true });
      const file = join(this.settings.dataDir, ENROLL_SECRET_FILE);
      await writeFile(file, `${secret}\n`, { mode: 0o600 });
      this.logger.info({ file }, 'created a global enroll secret');
    }
  }
}

function view(r: { secret: string; teamId: number | null; createdAt: Date }): EnrollSecretView {
  return { secret: r.secret, team_id: r.teamId, created_at: r.createdAt.toISOString() };
}
