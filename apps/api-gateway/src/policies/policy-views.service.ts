import { Injectable } from '@nestjs/common';
import type { PolicyEntity } from '@flotilla/platform-db';
import { compareListValues } from '../common/list-order';
import { PoliciesRepository } from './policies.repository';
import type { PolicyOrderKey } from './policies.params';
import { toFleetPolicy, type FleetPolicy } from './policy-view.mapper';

export interface PolicyListOptions {
  orderKey: PolicyOrderKey;
  direction: 'ASC' | 'DESC';
  offset: number;
  limit?: number;
}

function compare(a: FleetPolicy, b: FleetPolicy, key: PolicyOrderKey): number {
  return compareListValues(a[key], b[key]);
}

/** Renders policies in Fleet's JSON: counts from policy_stats, authors, label names (one query each per page). */
@Injectable()
export class PolicyViewsService {
  constructor(private readonly policies: PoliciesRepository) {}

  async many(rows: readonly PolicyEntity[]): Promise<FleetPolicy[]> {
    const ids = rows.map((p) => p.id);
    const [stats, authors, labels] = await Promise.all([
      this.policies.stats(ids),
      this.policies.authors(rows.map((p) => p.authorId)),
      this.policies.labelNames(rows.flatMap((p) => [...(p.labelsIncludeAny ?? []), ...(p.labelsExcludeAny ?? [])])),
    ]);
    return rows.map((p) => toFleetPolicy(p, { stats, authors, labels }));
  }

  async one(row: PolicyEntity): Promise<FleetPolicy> {
    const [view] = await this.many([row]);
    if (!view) throw new Error('policies: a rendered policy went missing');
    return view;
  }

  /** Rendered, sorted (id breaks ties) and paged. Sorting happens after rendering: the counts are sort keys. */
  async page(rows: readonly PolicyEntity[], options: PolicyListOptions): Promise<FleetPolicy[]> {
    const sign = options.direction === 'DESC' ? -1 : 1;
    const views = (await this.many(rows)).sort((a, b) => sign * (compare(a, b, options.orderKey) || a.id - b.id));
    return views.slice(options.offset, options.limit === undefined ? undefined : options.offset + options.limit);
  }
}
