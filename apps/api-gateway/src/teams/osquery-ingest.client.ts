import { Inject, Injectable } from '@nestjs/common';
import { ENROLL_SECRETS_REPLACE, HOSTS_TRANSFER } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { BUS } from '@flotilla/platform-server';
import { TeamsError } from './teams.errors';

/** The contract caps one transfer request at this many ids. */
const TRANSFER_BATCH = 10_000;
const TRANSFER_TIMEOUT_MS = 30_000;

/**
 * The requests the teams feature sends to osquery-ingest, owner of `hosts` and `enroll_secrets`:
 * api-gateway never writes those tables itself.
 */
@Injectable()
export class OsqueryIngestClient {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  /** Moves hosts to `teamId` (null: no team) in batches the contract allows; returns how many existed. */
  async transferHosts(ids: readonly number[], teamId: number | null): Promise<number> {
    let transferred = 0;
    for (let i = 0; i < ids.length; i += TRANSFER_BATCH) {
      const hostIds = ids.slice(i, i + TRANSFER_BATCH);
      transferred += (await this.request(() => this.bus.request(HOSTS_TRANSFER, { hostIds, teamId }, { timeoutMs: TRANSFER_TIMEOUT_MS }))).transferred;
    }
    return transferred;
  }

  /**
   * Sets a team's enroll secrets without an activity of their own: used when a team is created
   * or deleted (the team's activity covers it). The secrets API goes through EnrollSecretsService.
   */
  async replaceEnrollSecrets(teamId: number, secrets: readonly string[]): Promise<void> {
    await this.request(() => this.bus.request(ENROLL_SECRETS_REPLACE, { teamId, secrets: [...secrets] }));
  }

  private async request<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw TeamsError.fromBus(err);
    }
  }
}
