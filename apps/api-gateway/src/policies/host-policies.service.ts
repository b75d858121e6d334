import { Injectable } from '@nestjs/common';
import type { HostEntity } from '@flotilla/platform-db';
import { PoliciesRepository } from './policies.repository';
import { PolicyResultsRepository } from './policy-results.repository';
import { labelsApply, platformApplies } from './policy-rules';
import { toHostPolicy, type FleetHostPolicy } from './policy-view.mapper';

/** What a host's detail shows about policies. */
export interface HostPolicyView {
  policies: FleetHostPolicy[];
  failingCount: number;
}

/**
 * Policies as the hosts API shows them: the policies that apply to a host (global and its
 * team's, within their platform and label scope) with its latest answers, and failing counts.
 */
@Injectable()
export class HostPoliciesService {
  constructor(
    private readonly policies: PoliciesRepository,
    private readonly results: PolicyResultsRepository,
  ) {}

  async forHost(host: Pick<HostEntity, 'id' | 'teamId' | 'platform'>): Promise<HostPolicyView> {
    const candidates = (await this.policies.list(host.teamId === null ? [null] : [null, host.teamId])).filter((p) => platformApplies(p.platform, host.platform));
    const scoped = candidates.some((p) => (p.labelsIncludeAny?.length ?? 0) > 0 || (p.labelsExcludeAny?.length ?? 0) > 0);
    const labels = scoped ? await this.results.hostLabelIds(host) : new Set<number>();
    const applying = candidates.filter((p) => labelsApply(p.labelsIncludeAny, p.labelsExcludeAny, labels));
    const [answers, authors] = await Promise.all([this.results.answers(host.id, applying.map((p) => p.id)), this.policies.authors(applying.map((p) => p.authorId))]);
    const policies = applying.map((p) => toHostPolicy(p, authors, answers.get(p.id)));
    return { policies, failingCount: policies.filter((p) => p.response === 'fail').length };
  }

  /** Failing policies per host (global ones and the host's team's), for host lists. */
  failingCounts(hostIds: readonly number[]): Promise<Map<number, number>> {
    return this.results.failingCounts(hostIds);
  }
}
