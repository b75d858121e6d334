import { Inject, Injectable } from '@nestjs/common';
import { ENROLL_SECRETS_LIST, ENROLL_SECRETS_REPLACE, type EnrollSecretView } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { BUS } from '@flotilla/platform-server';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { EnrollSecretsError } from './enroll-secrets.errors';

/** One secret of Fleet's `EnrollSecretSpec` (`team_id` is omitted for global secrets, as Fleet does). */
export interface FleetEnrollSecret {
  secret: string;
  created_at: string;
  team_id?: number;
}

const forbidden = (): Error => AuthzError.forbidden();

/**
 * Enroll secrets of a team (`teamId: null` = the global ones), read and replaced through
 * osquery-ingest (which owns and caches them), with the caller's permission on that team.
 */
@Injectable()
export class EnrollSecretsService {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    private readonly activities: ActivitiesService,
  ) {}

  async list(principal: Principal, teamId: number | null): Promise<FleetEnrollSecret[]> {
    assertCan(principal, 'enroll_secret.read', teamId, forbidden);
    const reply = await this.request(() => this.bus.request(ENROLL_SECRETS_LIST, { teamId }));
    return reply.secrets.map(toFleetSecret);
  }

  /** Replaces the secrets (unless `dryRun`: then only the permission is checked). */
  async replace(principal: Principal, teamId: number | null, secrets: readonly string[], opts: { dryRun?: boolean; teamName?: string } = {}): Promise<FleetEnrollSecret[]> {
    assertCan(principal, 'enroll_secret.write', teamId, forbidden);
    if (opts.dryRun) return [];
    const reply = await this.request(() => this.bus.request(ENROLL_SECRETS_REPLACE, { teamId, secrets: [...secrets] }));
    await this.activities.record(principal, 'edited_enroll_secrets', teamId === null ? {} : { team_id: teamId, team_name: opts.teamName ?? null });
    return reply.secrets.map(toFleetSecret);
  }

  private async request<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw EnrollSecretsError.fromBus(err);
    }
  }
}

function toFleetSecret(s: EnrollSecretView): FleetEnrollSecret {
  const created = new Date(s.created_at);
  return {
    secret: s.secret,
    created_at: Number.isNaN(created.getTime()) ? s.created_at : created.toISOString().replace('.000Z', 'Z'),
    ...(s.team_id !== null ? { team_id: s.team_id } : {}),
  };
}
