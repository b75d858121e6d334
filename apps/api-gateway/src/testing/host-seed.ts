import { HostEntity } from '@flotilla/platform-db';
import type { EntityManager } from 'typeorm';

export type HostSeed = Partial<Omit<HostEntity, 'id'>> & { osqueryHostId: string };

/** Inserts a host row as osquery-ingest would have written it; `createdAt`/`updatedAt` are honoured. */
export async function seedHost(manager: EntityManager, seed: HostSeed): Promise<HostEntity> {
  const saved = await manager.save(manager.create(HostEntity, seed));
  // created_at/updated_at are filled by the database on insert: force the seeded ones.
  const stamps = { ...(seed.createdAt ? { createdAt: seed.createdAt } : {}), ...(seed.updatedAt ? { updatedAt: seed.updatedAt } : {}) };
  if (Object.keys(stamps).length > 0) {
    await manager.createQueryBuilder().update(HostEntity).set(stamps).where('id = :id', { id: saved.id }).updateEntity(false).execute();
  }
  return manager.findOneByOrFail(HostEntity, { id: saved.id });
}
