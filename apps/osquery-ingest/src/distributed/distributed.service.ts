import { Inject, Injectable } from '@nestjs/common';
import { classifyQueryName, decodeDistributedWrite, DETAIL_QUERIES, DetailQuery, FLEET_QUERY_PREFIX, HostVitalsPatch } from '@flotilla/codec-osquery';
import type { Logger } from '@flotilla/platform-logging';
import { LOGGER } from '@flotilla/platform-server';
import type { OsqueryIngestSettings } from '../config/osquery-ingest.config';
import type { HostState } from '../hosts/host-state';
import { HostStateCache } from '../hosts/host-state.cache';
import { HostsRepository } from '../hosts/hosts.repository';
import { vitalsToColumns } from '../hosts/vitals-columns';
import type { HostAnswers } from '../labels-policies/membership.repository';
import { MembershipRepository } from '../labels-policies/membership.repository';
import { MembershipWriter } from '../labels-policies/membership.writer';
import { LiveQueryDeliveryService } from '../live-queries/live-query-delivery.service';
import { QueryCatalogService } from '../labels-policies/query-catalog.service';
import { OSQUERY_INGEST_SETTINGS } from '../osquery-ingest.tokens';
import { ScheduleStatsWriter } from '../query-reports/schedule-stats.writer';
import { DistributedReadBuilder, NOTHING_TO_DO } from './distributed-read.builder';
import { ReportSchedule } from './report-schedule';

const CATALOG = new Map<string, DetailQuery>(DETAIL_QUERIES.map((q) => [q.name, q]));

/**
 * distributed/read decides from memory what a host must run — detail queries, dynamic labels and
 * policies, each when due, and pending live queries — and answers with a pre-serialised string
 * when nothing is due (almost every poll). distributed/write ingests the answers: detail results
 * become one UPDATE of the host row (the schedule's stats are queued for their batched writer);
 * label and policy answers are queued for the batched writer.
 */
@Injectable()
export class DistributedService {
  private readonly details: ReportSchedule;
  private readonly labels: ReportSchedule;
  private readonly policies: ReportSchedule;
  private readonly reads = new DistributedReadBuilder();
  /** When each kind of query was last handed to each host (not yet answered). */
  private readonly sentAt = { details: new Map<number, number>(), labels: new Map<number, number>(), policies: new Map<number, number>() };

  constructor(
    private readonly hosts: HostsRepository,
    private readonly cache: HostStateCache,
    private readonly catalog: QueryCatalogService,
    private readonly memberships: MembershipRepository,
    private readonly writer: MembershipWriter,
    private readonly live: LiveQueryDeliveryService,
    private readonly scheduleStats: ScheduleStatsWriter,
    @Inject(OSQUERY_INGEST_SETTINGS) settings: OsqueryIngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.details = new ReportSchedule(settings.detailUpdateIntervalMs, settings.maxJitterPercent);
    this.labels = new ReportSchedule(settings.labelUpdateIntervalMs, settings.maxJitterPercent);
    this.policies = new ReportSchedule(settings.policyUpdateIntervalMs, settings.maxJitterPercent);
  }

  read(host: HostState): string | Promise<string> {
    const now = Date.now();
    const detailDue = this.details.isDue(host.id, host.detailUpdatedAt, this.sentAt.details.get(host.id), now, { refetch: host.refetchRequested });
    // A refetch re-runs labels and policies once: answers older than the request are stale.
    const labelsStaleBefore = Math.max(this.catalog.labelsChangedAt, host.refetchRequestedAt);
    const policiesStaleBefore = Math.max(this.catalog.policiesChangedAt, host.refetchRequestedAt);
    const labelDue = this.labels.isDue(host.id, host.labelUpdatedAt, this.sentAt.labels.get(host.id), now, { changedAt: labelsStaleBefore });
    const policyDue = this.policies.isDue(host.id, host.policyUpdatedAt, this.sentAt.policies.get(host.id), now, { changedAt: policiesStaleBefore });
    const live = this.live.queriesFor(host.id);
    if (!detailDue && !labelDue && !policyDue && live === undefined) return NOTHING_TO_DO;
    const accelerate = host.hostname === '' || host.platform === '';
    if (detailDue) this.sentAt.details.set(host.id, now);
    if (!labelDue && !policyDue) return live ? this.reads.compose(host.platform, detailDue, live, accelerate) : this.reads.detailAnswer(host.platform, accelerate);
    return this.withLabelsAndPolicies(host, now, { detailDue, labelDue, policyDue, accelerate }, live ?? {});
  }

  /** The answer when labels and/or policies are due (hourly per host): composed for this host. */
  private async withLabelsAndPolicies(host: HostState, now: number, due: { detailDue: boolean; labelDue: boolean; policyDue: boolean; accelerate: boolean }, live: Record<string, string>): Promise<string> {
    const catalog = this.catalog.catalog;
    const labels = due.labelDue ? catalog.labelsFor(host) : [];
    const policies = due.policyDue ? catalog.policiesFor(host, catalog.labelScoped ? await this.memberships.labelIdsOf(host.id) : undefined) : [];
    // Nothing of a due kind applies to this host: count it as reported (in memory) so the next
    // polls stay on the fast path until the next interval or definition change.
    if (due.labelDue && labels.length === 0) this.markReported(host.id, { labelUpdatedAt: now });
    if (due.policyDue && policies.length === 0) this.markReported(host.id, { policyUpdatedAt: now });
    if (labels.length > 0) this.sentAt.labels.set(host.id, now);
    if (policies.length > 0) this.sentAt.policies.set(host.id, now);
    if (!due.detailDue && labels.length === 0 && policies.length === 0 && Object.keys(live).length === 0) return NOTHING_TO_DO;
    const extra: Record<string, string> = { ...live };
    for (const label of labels) extra[`${FLEET_QUERY_PREFIX.label}${label.id}`] = label.query;
    for (const policy of policies) extra[`${FLEET_QUERY_PREFIX.policy}${policy.id}`] = policy.query;
    return this.reads.compose(host.platform, due.detailDue, extra, due.accelerate);
  }

  async write(host: HostState, body: unknown): Promise<void> {
    const req = decodeDistributedWrite(body);
    const patch: HostVitalsPatch = {};
    const catalog = this.catalog.catalog;
    const answers: HostAnswers = { hostId: host.id, labels: new Map(), policies: new Map(), labelsReported: false, policiesReported: false };
    let details = 0;
    for (const result of req.results) {
      const kind = classifyQueryName(result.name);
      if (kind.kind === 'label') {
        answers.labelsReported = true;
        // A failed label query leaves membership as it was; answers to unknown labels are ignored.
        if (result.status === 0 && catalog.hasLabel(kind.id)) answers.labels.set(kind.id, result.rows.length > 0);
        continue;
      }
      if (kind.kind === 'policy') {
        answers.policiesReported = true;
        if (catalog.policy(kind.id)) answers.policies.set(kind.id, result.status === 0 ? result.rows.length > 0 : null);
        continue;
      }
      if (kind.kind === 'no_policies') {
        answers.policiesReported = true;
        continue;
      }
      if (kind.kind === 'live') {
        await this.live.receive(host, kind.campaignId, result);
        continue;
      }
      if (kind.kind !== 'detail') continue;
      details++;
      const query = CATALOG.get(kind.name);
      if (!query || result.status !== 0) continue;
      try {
        Object.assign(patch, query.ingest(result.rows));
      } catch (err) {
        this.logger.info({ hostId: host.id, query: kind.name, err }, 'ignored a malformed detail answer');
      }
    }
    if (answers.labelsReported || answers.policiesReported) this.recordAnswers(answers);
    if (details === 0) return;
    // The schedule's stats go to their own table (batched), not to the host row.
    if (patch.scheduledQueryStats) this.scheduleStats.add(host.id, (this.cache.byId(host.id) ?? host).teamId, patch.scheduledQueryStats);
    const now = new Date();
    await this.hosts.updateColumns(host.id, { ...vitalsToColumns(patch), detailUpdatedAt: now, refetchRequested: false });
    this.sentAt.details.delete(host.id);
    // The cached state may have changed while this write was in flight (a transfer, a refetch):
    // build on the current entry, not the one read when the request began.
    this.cache.put({
      ...(this.cache.byId(host.id) ?? host),
      detailUpdatedAt: now.getTime(),
      refetchRequested: false,
      ...(patch.platform ? { platform: patch.platform } : {}),
      ...(patch.hostname ? { hostname: patch.hostname } : {}),
    });
  }

  /** Queues label/policy answers for the batched writer and marks them reported in memory at once. */
  private recordAnswers(answers: HostAnswers): void {
    const now = Date.now();
    this.writer.add(answers);
    if (answers.labelsReported) this.sentAt.labels.delete(answers.hostId);
    if (answers.policiesReported) this.sentAt.policies.delete(answers.hostId);
    this.markReported(answers.hostId, { ...(answers.labelsReported ? { labelUpdatedAt: now } : {}), ...(answers.policiesReported ? { policyUpdatedAt: now } : {}) });
  }

  private markReported(hostId: number, times: Partial<Pick<HostState, 'labelUpdatedAt' | 'policyUpdatedAt'>>): void {
    const state = this.cache.byId(hostId);
    if (state) this.cache.put({ ...state, ...times });
  }

  forget(hostId: number): void {
    for (const sent of Object.values(this.sentAt)) sent.delete(hostId);
  }
}
