import { Inject, Injectable } from '@nestjs/common';
import { HostEntity, LabelEntity, LabelMembershipEntity } from '@flotilla/platform-db';
import type { EntityManagerSource, LabelMembershipType, LabelType } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, type EntityManager } from 'typeorm';
import { platformLabelHas, platformsOf } from './label-host.filter';

export const LABEL_ORDER_KEYS = ['id', 'name', 'created_at', 'updated_at', 'label_type', 'platform'] as const;
export type LabelOrderKey = (typeof LABEL_ORDER_KEYS)[number];

export interface LabelListOptions {
  orderKey: LabelOrderKey;
  direction: 'ASC' | 'DESC';
  offset: number;
  limit?: number;
}

export interface NewLabel {
  name: string;
  description: string;
  query: string;
  platform: string;
  labelType: LabelType;
  membershipType: LabelMembershipType;
  platforms: string;
  authorId: number | null;
}

/** A host as label writes need it: to check it exists and whether the caller may see it. */
export interface HostRef {
  id: number;
  teamId: number | null;
}

const ORDER_SQL: Readonly<Record<LabelOrderKey, string>> = {
  id: 'l.id',
  name: 'LOWER(l.name)',
  created_at: 'l.created_at',
  updated_at: 'l.updated_at',
  label_type: 'l.label_type',
  platform: 'l.platform',
};
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * `labels` (owned by api-gateway) and `label_membership` (api-gateway writes manual labels'
 * rows; osquery-ingest writes dynamic ones'), plus the read-only lookups of `hosts` that
 * membership and host counts need. Methods that write take an optional transaction manager.
 */
@Injectable()
export class LabelsRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  transaction<T>(fn: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.manager.transaction(fn);
  }

  list(options: LabelListOptions): Promise<LabelEntity[]> {
    const qb = this.db.manager.createQueryBuilder(LabelEntity, 'l').orderBy(ORDER_SQL[options.orderKey], options.direction).addOrderBy('l.id', options.direction);
    if (options.offset > 0) qb.offset(options.offset);
    if (options.limit !== undefined) qb.limit(options.limit);
    return qb.getMany();
  }

  /** The builtin labels, by id. */
  builtins(): Promise<LabelEntity[]> {
    return this.db.manager.find(LabelEntity, { where: { labelType: 'builtin' }, order: { id: 'ASC' } });
  }

  findById(id: number, tx: EntityManager = this.db.manager): Promise<LabelEntity | null> {
    return tx.findOneBy(LabelEntity, { id });
  }

  findByName(name: string): Promise<LabelEntity | null> {
    return this.db.manager.findOneBy(LabelEntity, { name });
  }

  /**
   * The label (other than `exceptId`) named `name` ignoring letter case. SQLite's LOWER() folds
   * ASCII only, so a name with other letters is also compared in JS.
   */
  async findByNameIgnoringCase(name: string, exceptId?: number, tx: EntityManager = this.db.manager): Promise<LabelEntity | null> {
    const qb = tx.createQueryBuilder(LabelEntity, 'l').where('LOWER(l.name) = LOWER(:name)', { name });
    if (exceptId !== undefined) qb.andWhere('l.id <> :exceptId', { exceptId });
    const found = await qb.getOne();
    if (found || [...name].every((c) => c.charCodeAt(0) < 128)) return found;
    const folded = name.toLowerCase();
    const all = await tx.find(LabelEntity, { select: { id: true, name: true } });
    const match = all.find((l) => l.id !== exceptId && l.name.toLowerCase() === folded);
    return match ? this.findById(match.id, tx) : null;
  }

  /** Inserts a label; returns its id. Throws the driver's duplicate-key error for a taken name. */
  async insert(label: NewLabel, tx: EntityManager = this.db.manager): Promise<number> {
    const result = await tx.insert(LabelEntity, label);
    const id: unknown = result.identifiers[0]?.['id'];
    if (typeof id !== 'number') throw new Error('labels: insert returned no id');
    return id;
  }

  async update(id: number, changes: Partial<NewLabel>, tx: EntityManager = this.db.manager): Promise<void> {
    if (Object.keys(changes).length > 0) await tx.update(LabelEntity, { id }, changes);
  }

  /** Deletes labels and their memberships; returns how many labels went. */
  async delete(ids: readonly number[], tx?: EntityManager): Promise<number> {
    if (ids.length === 0) return 0;
    const run = async (m: EntityManager): Promise<number> => {
      await m.delete(LabelMembershipEntity, { labelId: In([...ids]) });
      return (await m.delete(LabelEntity, { id: In([...ids]) })).affected ?? 0;
    };
    return tx ? run(tx) : this.transaction(run);
  }

  /** Makes `hostIds` the label's only members (manual labels; `[]` empties a label whose query changed). */
  async replaceMembers(labelId: number, hostIds: readonly number[], tx: EntityManager): Promise<void> {
    await tx.delete(LabelMembershipEntity, { labelId });
    for (const part of chunks([...new Set(hostIds)])) await tx.insert(LabelMembershipEntity, part.map((hostId) => ({ labelId, hostId })));
  }

  /** Member host ids of a membership label, within `withinTeams` when given, ascending. */
  async memberIds(labelId: number, withinTeams?: readonly number[]): Promise<number[]> {
    if (withinTeams?.length === 0) return [];
    const qb = this.db.manager
      .createQueryBuilder(LabelMembershipEntity, 'lm')
      .innerJoin(HostEntity, 'h', 'h.id = lm.host_id')
      .select('lm.host_id', 'host_id')
      .where('lm.label_id = :labelId', { labelId })
      .orderBy('lm.host_id', 'ASC');
    if (withinTeams) qb.andWhere('h.team_id IN (:...withinTeams)', { withinTeams: [...withinTeams] });
    return (await qb.getRawMany<{ host_id: number | string }>()).map((r) => Number(r.host_id));
  }

  /** Hostnames of a membership label's hosts (label specs), within `withinTeams` when given. */
  async memberHostnames(labelId: number, withinTeams?: readonly number[]): Promise<string[]> {
    const ids = await this.memberIds(labelId, withinTeams);
    const names: string[] = [];
    for (const part of chunks(ids)) names.push(...(await this.db.manager.find(HostEntity, { where: { id: In(part) }, select: { id: true, hostname: true }, order: { id: 'ASC' } })).map((h) => h.hostname));
    return names;
  }

  /** Host counts per label (only hosts of `withinTeams` when given): memberships, and platforms for builtin labels. */
  async hostCounts(labels: readonly LabelEntity[], withinTeams?: readonly number[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>(labels.map((l) => [l.id, 0]));
    if (labels.length === 0 || withinTeams?.length === 0) return counts;
    const teams = withinTeams ? [...withinTeams] : undefined;
    const membership = labels.filter((l) => l.membershipType !== 'platform').map((l) => l.id);
    for (const part of chunks(membership)) {
      const qb = this.db.manager
        .createQueryBuilder(LabelMembershipEntity, 'lm')
        .innerJoin(HostEntity, 'h', 'h.id = lm.host_id')
        .select('lm.label_id', 'label_id')
        .addSelect('COUNT(*)', 'n')
        .where('lm.label_id IN (:...ids)', { ids: part })
        .groupBy('lm.label_id');
      if (teams) qb.andWhere('h.team_id IN (:...teams)', { teams });
      for (const r of await qb.getRawMany<{ label_id: number | string; n: number | string }>()) counts.set(Number(r.label_id), Number(r.n));
    }
    const byPlatform = labels.filter((l) => l.membershipType === 'platform');
    if (byPlatform.length > 0) {
      const qb = this.db.manager.createQueryBuilder(HostEntity, 'h').select('h.platform', 'platform').addSelect('COUNT(*)', 'n').groupBy('h.platform');
      if (teams) qb.andWhere('h.team_id IN (:...teams)', { teams });
      const platforms = await qb.getRawMany<{ platform: string; n: number | string }>();
      for (const label of byPlatform) {
        const wanted = platformsOf(label);
        counts.set(label.id, platforms.filter((p) => wanted.length === 0 || wanted.includes(p.platform)).reduce((n, p) => n + Number(p.n), 0));
      }
    }
    return counts;
  }

  /** The labels a host belongs to, by id: builtin ones by its platform, others by membership rows. */
  async forHost(host: { id: number; platform: string }): Promise<LabelEntity[]> {
    const rows = await this.db.manager
      .createQueryBuilder(LabelEntity, 'l')
      .where("l.label_membership_type = 'platform'")
      .orWhere('EXISTS (SELECT 1 FROM label_membership lm WHERE lm.label_id = l.id AND lm.host_id = :hostId)', { hostId: host.id })
      .orderBy('l.id', 'ASC')
      .getMany();
    return rows.filter((l) => l.membershipType !== 'platform' || platformLabelHas(l, host.platform));
  }

  /** The existing hosts among `ids`. */
  async hostsByIds(ids: readonly number[]): Promise<HostRef[]> {
    const out: HostRef[] = [];
    for (const part of chunks([...new Set(ids)])) out.push(...(await this.db.manager.find(HostEntity, { where: { id: In(part) }, select: { id: true, teamId: true } })));
    return out.map((h) => ({ id: h.id, teamId: h.teamId }));
  }

  /** Hosts whose hostname, UUID, hardware serial or osquery host id is one of `identifiers`, with the identifier matched. */
  async hostsByIdentifiers(identifiers: readonly string[]): Promise<Array<HostRef & { identifier: string }>> {
    const out: Array<HostRef & { identifier: string }> = [];
    const columns = ['hostname', 'uuid', 'hardwareSerial', 'osqueryHostId'] as const;
    for (const part of chunks([...new Set(identifiers)])) {
      const wanted = new Set(part);
      const rows = await this.db.manager.find(HostEntity, {
        where: columns.map((c) => ({ [c]: In(part) })),
        select: { id: true, teamId: true, hostname: true, uuid: true, hardwareSerial: true, osqueryHostId: true },
      });
      for (const h of rows) {
        for (const identifier of new Set(columns.map((c) => h[c]).filter((v) => wanted.has(v)))) out.push({ id: h.id, teamId: h.teamId, identifier });
      }
    }
    return out;
  }
}
