import { Inject, Injectable } from '@nestjs/common';
import { Database, EnrollSecretEntity } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { IsNull } from 'typeorm';

/** The `enroll_secrets` table (owned by osquery-ingest). */
@Injectable()
export class EnrollSecretsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  all(): Promise<EnrollSecretEntity[]> {
    return this.db.manager.find(EnrollSecretEntity, { order: { createdAt: 'ASC' } });
  }

  forTeam(teamId: number | null): Promise<EnrollSecretEntity[]> {
    return this.db.manager.find(EnrollSecretEntity, { where: { teamId: teamId ?? IsNull() }, order: { createdAt: 'ASC' } });
  }

  /** Secrets among `secrets` that belong to another scope than `teamId`. */
  async takenElsewhere(teamId: number | null, secrets: readonly string[]): Promise<string[]> {
    if (secrets.length === 0) return [];
    const rows = await this.all();
    const wanted = new Set(secrets);
    return rows.filter((r) => wanted.has(r.secret) && r.teamId !== teamId).map((r) => r.secret);
  }

  /** Replaces the scope's secrets in one transaction, keeping created_at of secrets that stay. */
  async replace(teamId: number | null, secrets: readonly string[]): Promise<void> {
    await this.db.transaction(async (manager) => {
      const current = await manager.find(EnrollSecretEntity, { where: { teamId: teamId ?? IsNull() } });
      const keep = new Set(secrets);
      const drop = current.filter((r) => !keep.has(r.secret));
      if (drop.length > 0) await manager.remove(drop);
      const have = new Set(current.map((r) => r.secret));
      const add = [...keep].filter((s) => !have.has(s)).map((secret) => manager.create(EnrollSecretEntity, { secret, teamId }));
      if (add.length > 0) await manager.save(add);
    });
  }

  async count(): Promise<number> {
    return this.db.manager.count(EnrollSecretEntity);
  }

  /** Inserts a secret unless it already exists (another replica may have won the race). */
  async insertIfAbsent(secret: string, teamId: number | null): Promise<void> {
    await this.db.manager.createQueryBuilder().insert().into(EnrollSecretEntity).values({ secret, teamId }).orIgnore().execute();
  }
}
