import { Inject, Injectable } from '@nestjs/common';
import { ENROLL_SECRETS_LIST, ENROLL_SECRETS_REPLACE, type EnrollSecretView } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { BUS } from '@flotilla/platform-server';
import { EnrollSecretsError } from './enroll-secrets.errors';

/** One secret of Fleet's `EnrollSecretSpec` (`team_id` is omitted for global secrets, as Fleet does). */
export interface FleetEnrollSecret {
  secret: string;
  created_at: string;
  team_id?: number;
}

/** Global enroll secrets, read and replaced through osquery-ingest (which owns and caches them). */
@Injectable()
export class EnrollSecretsService {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  async listGlobal(): Promise<FleetEnrollSecret[]> {
    const reply = await this.request(() => this.bus.request(ENROLL_SECRETS_LIST, { teamId: null }));
    return reply.secrets.map(toFleetSecret);
  }

  async replaceGlobal(secrets: readonly string[]): Promise<void> {
    await this.request(() => this.bus.request(ENROLL_SECRETS_REPLACE, { teamId: null, secrets: [...secrets] }));
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
