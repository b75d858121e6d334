import { Inject, Injectable } from '@nestjs/common';
import { HostEntity, LabelEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In } from 'typeorm';

/** What a live query needs to know of a targeted host: its team (scope) and what its status is computed from. */
export interface TargetHost {
  id: number;
  teamId: number | null;
  hostname: string;
  seenTime: Date;
  createdAt: Date;
  distributedInterval: number;
  configTlsRefresh: number;
}

const CHUNK = 5_000;

type HostColumns = Pick<HostEntity, 'id' | 'teamId' | 'hostname' | 'seenTime' | 'createdAt' | 'distributedInterval' | 'configTlsRefresh'>;

/** A host row as a target (a host never seen counts as seen when it was created, as the hosts list has it). */
export function toTargetHost(h: HostColumns): TargetHost {
  return { id: h.id, teamId: h.teamId, hostname: h.hostname, seenTime: h.seenTime ?? h.createdAt, createdAt: h.createdAt, distributedInterval: h.distributedInterval, configTlsRefresh: h.configTlsRefresh };
}

/**
 * The reads live queries need beyond the hosts, labels and teams repositories: targeted hosts
 * with their status inputs, and labels by id or name in bulk. Read-only (`hosts` is
 * osquery-ingest's, `labels` the labels feature's).
 */
@Injectable()
export class CampaignTargetsRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  /** The existing hosts among `ids`, ascending. */
  async hosts(ids: readonly number[]): Promise<TargetHost[]> {
    const out: TargetHost[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await this.db.manager.find(HostEntity, {
        where: { id: In(unique.slice(i, i + CHUNK)) },
        select: { id: true, teamId: true, hostname: true, seenTime: true, createdAt: true, distributedInterval: true, configTlsRefresh: true },
      });
      out.push(...rows.map(toTargetHost));
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** The labels among `ids`. */
  labelsByIds(ids: readonly number[]): Promise<LabelEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.db.manager.find(LabelEntity, { where: { id: In([...ids]) }, order: { id: 'ASC' } });
  }

  /** The labels named (exactly) one of `names`. */
  labelsByNames(names: readonly string[]): Promise<LabelEntity[]> {
    return names.length === 0 ? Promise.resolve([]) : this.db.manager.find(LabelEntity, { where: { name: In([...names]) }, order: { id: 'ASC' } });
  }
}
