import { Inject, Injectable } from '@nestjs/common';
import { HostEntity, LabelEntity, LabelMembershipEntity, PolicyEntity, PolicyMembershipEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In } from 'typeorm';
import { platformLabelHas } from '../labels/label-host.filter';

/** What a failing-policy webhook tells about a host. */
export interface HostSummary {
  id: number;
  hostname: string;
  displayName: string;
}

const CHUNK = 10_000;

/**
 * Hosts' answers to policies (`policy_membership`, written by osquery-ingest: read-only here),
 * and the host facts that decide which policies apply to a host (its labels).
 */
@Injectable()
export class PolicyResultsRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  /** The host's latest answer to each of `policyIds` it has answered (null: the query failed on it). */
  async answers(hostId: number, policyIds: readonly number[]): Promise<Map<number, boolean | null>> {
    if (policyIds.length === 0) return new Map();
    const rows = await this.db.manager.find(PolicyMembershipEntity, { where: { hostId, policyId: In([...policyIds]) } });
    return new Map(rows.map((r) => [r.policyId, r.passes === null ? null : Boolean(r.passes)]));
  }

  /** The labels a host is in: membership rows (dynamic, manual) and builtin platform labels matching its platform. */
  async hostLabelIds(host: Pick<HostEntity, 'id' | 'platform'>): Promise<Set<number>> {
    const members = await this.db.manager.find(LabelMembershipEntity, { select: { labelId: true }, where: { hostId: host.id } });
    const byPlatform = await this.db.manager.find(LabelEntity, { select: { id: true, platforms: true }, where: { membershipType: 'platform' } });
    const ids = new Set(members.map((m) => m.labelId));
    for (const l of byPlatform) if (platformLabelHas(l, host.platform)) ids.add(l.id);
    return ids;
  }

  /**
   * Failing policies per host among `hostIds` (hosts without any are absent): answers `false` to a
   * global policy or one of the host's team.
   */
  async failingCounts(hostIds: readonly number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (let i = 0; i < hostIds.length; i += CHUNK) {
      const rows = await this.db.manager
        .createQueryBuilder(PolicyMembershipEntity, 'pm')
        .innerJoin(PolicyEntity, 'p', 'p.id = pm.policy_id')
        .innerJoin(HostEntity, 'h', 'h.id = pm.host_id')
        .select('pm.host_id', 'host_id')
        .addSelect('COUNT(*)', 'n')
        .where('pm.host_id IN (:...ids)', { ids: hostIds.slice(i, i + CHUNK) })
        .andWhere('pm.passes = 0')
        .andWhere('(p.team_id IS NULL OR p.team_id = h.team_id)')
        .groupBy('pm.host_id')
        .getRawMany<{ host_id: number | string; n: number | string }>();
      for (const r of rows) out.set(Number(r.host_id), Number(r.n));
    }
    return out;
  }

  /** Id, hostname and display name of the existing hosts among `ids`. */
  async hostSummaries(ids: readonly number[]): Promise<HostSummary[]> {
    const out: HostSummary[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.db.manager.find(HostEntity, { select: { id: true, hostname: true, computerName: true }, where: { id: In(ids.slice(i, i + CHUNK)) } });
      for (const h of rows) out.push({ id: h.id, hostname: h.hostname, displayName: h.computerName || h.hostname });
    }
    return out.sort((a, b) => a.id - b.id);
  }
}
