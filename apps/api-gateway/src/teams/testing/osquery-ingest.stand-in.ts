import { ENROLL_SECRETS_LIST, ENROLL_SECRETS_REPLACE, HOSTS_TRANSFER, type EnrollSecretView } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { EnrollSecretEntity, HostEntity } from '@flotilla/platform-db';
import { FlotillaError } from '@flotilla/platform-errors';
import { In, IsNull } from 'typeorm';
import type { ApiGatewayHarness } from '../../testing/api-gateway.harness';

const view = (r: EnrollSecretEntity): EnrollSecretView => ({ secret: r.secret, team_id: r.teamId, created_at: r.createdAt.toISOString() });

/**
 * Stands in for osquery-ingest (the harness does not run it): answers the host-transfer and
 * enroll-secret requests by writing `hosts` / `enroll_secrets` as osquery-ingest does, and
 * records what it was asked.
 */
export class OsqueryIngestStandIn {
  readonly transfers: Array<{ hostIds: number[]; teamId: number | null }> = [];
  readonly secretReplaces: Array<{ teamId: number | null; secrets: string[] }> = [];
  private subs: BusSubscription[] = [];

  private constructor(private readonly gw: ApiGatewayHarness) {}

  static async start(gw: ApiGatewayHarness): Promise<OsqueryIngestStandIn> {
    const standIn = new OsqueryIngestStandIn(gw);
    const m = () => gw.db.manager;
    standIn.subs = [
      await gw.bus.handle(HOSTS_TRANSFER, async ({ hostIds, teamId }) => {
        standIn.transfers.push({ hostIds, teamId });
        const found = await m().find(HostEntity, { select: { id: true }, where: { id: In(hostIds) } });
        if (found.length > 0) await m().update(HostEntity, { id: In(found.map((h) => h.id)) }, { teamId });
        return { transferred: found.length };
      }),
      await gw.bus.handle(ENROLL_SECRETS_LIST, async ({ teamId }) => ({
        secrets: (await m().find(EnrollSecretEntity, { where: { teamId: teamId ?? IsNull() }, order: { createdAt: 'ASC' } })).map(view),
      })),
      await gw.bus.handle(ENROLL_SECRETS_REPLACE, async ({ teamId, secrets }) => {
        standIn.secretReplaces.push({ teamId, secrets });
        const taken = await m().find(EnrollSecretEntity, { where: { secret: In(secrets) } });
        if (taken.some((s) => s.teamId !== teamId)) throw new FlotillaError('secret_taken', 'Conflict', 409, [{ name: 'secrets', reason: 'a secret is already in use by another team' }]);
        await m().delete(EnrollSecretEntity, { teamId: teamId ?? IsNull() });
        if (secrets.length > 0) await m().insert(EnrollSecretEntity, secrets.map((secret) => ({ secret, teamId })));
        return { secrets: (await m().find(EnrollSecretEntity, { where: { teamId: teamId ?? IsNull() } })).map(view) };
      }),
    ];
    return standIn;
  }

  /** Forgets what was asked so far. */
  reset(): void {
    this.transfers.length = 0;
    this.secretReplaces.length = 0;
  }

  /** osquery-ingest goes away: its requests fail as unavailable. */
  async stop(): Promise<void> {
    await Promise.all(this.subs.map((s) => s.unsubscribe()));
    this.subs = [];
  }
}
