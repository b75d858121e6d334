import { Inject, Injectable } from '@nestjs/common';
import { PackEntity, PackTargetEntity, ScheduledQueryEntity, type EntityManagerSource, type PackTargetType } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, type EntityManager } from 'typeorm';
import { compareListValues } from '../common/list-order';
import type { PackContent } from './pack-rules';
import type { PackListOptions, PackOrderKey } from './packs.params';

/** A pack's targets by kind (ids ascending). */
export interface PackTargets {
  hostIds: number[];
  labelIds: number[];
  teamIds: number[];
}

/** Where each kind of target goes in PackTargets. */
export const TARGET_KEY: Readonly<Record<PackTargetType, keyof PackTargets>> = { host: 'hostIds', label: 'labelIds', team: 'teamIds' };
const ORDER_VALUE: Readonly<Record<PackOrderKey, (p: PackEntity) => string | number>> = {
  id: (p) => p.id,
  name: (p) => p.name,
  created_at: (p) => p.createdAt.toISOString(),
  updated_at: (p) => p.updatedAt.toISOString(),
};
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** A stored pack row as its validated content (the dialects hand booleans back differently). */
export function packContentOf(p: PackEntity): PackContent {
  return { name: p.name, description: p.description, platform: p.platform, disabled: Boolean(p.disabled) };
}

/**
 * `packs` and `pack_targets` (owned by api-gateway; osquery-ingest reads them to build host
 * configs). Deployments hold a few dozen packs at most, so lists load whole and sort in memory.
 */
@Injectable()
export class PacksRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.manager.transaction(work);
  }

  async list(o: PackListOptions): Promise<PackEntity[]> {
    const rows = await this.db.manager.find(PackEntity, { order: { id: 'ASC' } });
    const value = ORDER_VALUE[o.orderKey];
    const sign = o.direction === 'DESC' ? -1 : 1;
    const sorted = rows.sort((a, b) => sign * compareListValues(value(a), value(b)) || a.id - b.id);
    return o.limit === undefined ? sorted.slice(o.offset) : sorted.slice(o.offset, o.offset + o.limit);
  }

  findById(id: number, tx: EntityManager = this.db.manager): Promise<PackEntity | null> {
    return tx.findOneBy(PackEntity, { id });
  }

  /** The pack named `name` ignoring letter case, other than `exceptId` (compared in JS: the dialects fold case differently). */
  async findByName(name: string, exceptId?: number, tx: EntityManager = this.db.manager): Promise<PackEntity | null> {
    const folded = name.toLowerCase();
    const rows = await tx.find(PackEntity, { select: { id: true, name: true } });
    const match = rows.find((p) => p.id !== exceptId && p.name.toLowerCase() === folded);
    return match ? this.findById(match.id, tx) : null;
  }

  /** Inserts a pack; returns its id. Throws the driver's duplicate-key error for a taken name. */
  async insert(content: PackContent, tx: EntityManager): Promise<number> {
    const result = await tx.insert(PackEntity, content);
    const id: unknown = result.identifiers[0]?.['id'];
    if (typeof id !== 'number') throw new Error('packs: insert returned no id');
    return id;
  }

  async update(id: number, changes: Partial<PackContent>, tx: EntityManager): Promise<void> {
    if (Object.keys(changes).length > 0) await tx.update(PackEntity, { id }, changes);
  }

  /** Deletes packs with their targets and scheduled queries; returns how many packs went. */
  async delete(ids: readonly number[], tx: EntityManager): Promise<number> {
    if (ids.length === 0) return 0;
    await tx.delete(ScheduledQueryEntity, { packId: In([...ids]) });
    await tx.delete(PackTargetEntity, { packId: In([...ids]) });
    return (await tx.delete(PackEntity, { id: In([...ids]) })).affected ?? 0;
  }

  /** The targets of each pack of `packIds` (every one present, possibly empty). */
  async targets(packIds: readonly number[], tx: EntityManager = this.db.manager): Promise<Map<number, PackTargets>> {
    const out = new Map<number, PackTargets>(packIds.map((id) => [id, { hostIds: [], labelIds: [], teamIds: [] }]));
    for (const part of chunks([...new Set(packIds)])) {
      const rows = await tx.find(PackTargetEntity, { where: { packId: In(part) }, order: { targetId: 'ASC' } });
      for (const r of rows) out.get(r.packId)?.[TARGET_KEY[r.type]].push(r.targetId);
    }
    return out;
  }

  /** Makes `ids` the pack's only targets of `type`. */
  async replaceTargets(packId: number, type: PackTargetType, ids: readonly number[], tx: EntityManager): Promise<void> {
    await tx.delete(PackTargetEntity, { packId, type });
    for (const part of chunks([...new Set(ids)])) await tx.insert(PackTargetEntity, part.map((targetId) => ({ packId, type, targetId })));
  }

  /** Drops every target of `type` among `ids` (the host, label or team is gone); returns the packs that lost one. */
  async forgetTargets(type: PackTargetType, ids: readonly number[], tx: EntityManager): Promise<number[]> {
    const packIds = new Set<number>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await tx.find(PackTargetEntity, { select: { packId: true }, where: { type, targetId: In(part) } });
      if (rows.length === 0) continue;
      for (const r of rows) packIds.add(r.packId);
      await tx.delete(PackTargetEntity, { type, targetId: In(part) });
    }
    return [...packIds].sort((a, b) => a - b);
  }
}
