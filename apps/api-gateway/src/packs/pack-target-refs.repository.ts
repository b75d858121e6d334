import { Inject, Injectable } from '@nestjs/common';
import { HostEntity, LabelEntity, TeamEntity, type EntityManagerSource, type PackTargetType } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, type EntityManager } from 'typeorm';
import { platformsOf } from '../labels/label-host.filter';
import type { PackTargets } from './packs.repository';

/** A label or team as pack specs name it. */
export interface NamedRef {
  id: number;
  name: string;
}

interface Condition {
  sql: string;
  params: Record<string, unknown>;
}

const ENTITY = { host: HostEntity, label: LabelEntity, team: TeamEntity } as const;
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Read-only lookups of what packs target (hosts, labels and teams, owned elsewhere): which ids
 * exist, names both ways for specs, and how many hosts a pack's targets reach.
 */
@Injectable()
export class PackTargetRefsRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  /** The ids among `ids` of hosts / labels / teams that exist. */
  async existing(type: PackTargetType, ids: readonly number[], tx: EntityManager = this.db.manager): Promise<Set<number>> {
    const found = new Set<number>();
    for (const part of chunks([...new Set(ids)])) {
      for (const row of await tx.find(ENTITY[type], { select: { id: true }, where: { id: In(part) } })) found.add(row.id);
    }
    return found;
  }

  /** Labels or teams by id, with their names. */
  async named(type: 'label' | 'team', ids: readonly number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const part of chunks([...new Set(ids)])) {
      for (const row of await this.db.manager.find(ENTITY[type], { select: { id: true, name: true }, where: { id: In(part) } })) out.set(row.id, row.name);
    }
    return out;
  }

  /** Every label or team, for resolving names (letter case ignored) — both tables hold at most a few thousand rows. */
  async all(type: 'label' | 'team', tx: EntityManager = this.db.manager): Promise<NamedRef[]> {
    return tx.find(ENTITY[type], { select: { id: true, name: true }, order: { id: 'ASC' } });
  }

  /** How many existing hosts `targets` reach: the hosts named, the hosts of the teams, the members of the labels (builtin ones by platform). */
  async hostCount(targets: PackTargets): Promise<number> {
    const broad = await this.broadCondition(targets);
    let total = 0;
    if (broad.sql !== '1 = 0') {
      const row = await this.db.manager.createQueryBuilder(HostEntity, 'h').select('COUNT(*)', 'n').where(`(${broad.sql})`, broad.params).getRawOne<{ n: number | string }>();
      total += Number(row?.n ?? 0);
    }
    for (const part of chunks([...new Set(targets.hostIds)])) {
      const row = await this.db.manager
        .createQueryBuilder(HostEntity, 'h')
        .select('COUNT(*)', 'n')
        .where('h.id IN (:...packHostIds)', { packHostIds: part })
        // CASE, not NOT: a host without a team makes `team_id IN (…)` NULL, and NOT NULL is not true.
        .andWhere(`(CASE WHEN (${broad.sql}) THEN 1 ELSE 0 END) = 0`, broad.params)
        .getRawOne<{ n: number | string }>();
      total += Number(row?.n ?? 0);
    }
    return total;
  }

  /** The hosts of the targeted teams and labels, as one condition over the hosts alias `h`. */
  private async broadCondition(targets: PackTargets): Promise<Condition> {
    const parts: Condition[] = [];
    if (targets.teamIds.length > 0) parts.push({ sql: 'h.team_id IN (:...packTeamIds)', params: { packTeamIds: targets.teamIds } });
    if (targets.labelIds.length > 0) {
      const labels = await this.db.manager.find(LabelEntity, { select: { id: true, membershipType: true, platforms: true }, where: { id: In(targets.labelIds) } });
      const members = labels.filter((l) => l.membershipType !== 'platform').map((l) => l.id);
      if (members.length > 0) parts.push({ sql: 'EXISTS (SELECT 1 FROM label_membership plm WHERE plm.host_id = h.id AND plm.label_id IN (:...packLabelIds))', params: { packLabelIds: members } });
      const platformLabels = labels.filter((l) => l.membershipType === 'platform').map(platformsOf);
      if (platformLabels.some((p) => p.length === 0)) parts.push({ sql: '1 = 1', params: {} });
      const platforms = [...new Set(platformLabels.flat())];
      if (platforms.length > 0) parts.push({ sql: 'h.platform IN (:...packPlatforms)', params: { packPlatforms: platforms } });
    }
    if (parts.length === 0) return { sql: '1 = 0', params: {} };
    return { sql: parts.map((p) => `(${p.sql})`).join(' OR '), params: Object.assign({}, ...parts.map((p) => p.params)) as Record<string, unknown> };
  }
}
