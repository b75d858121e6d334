import { Inject, Injectable } from '@nestjs/common';
import { POLICY_RESULT_CHANGED } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, LOGGER } from '@flotilla/platform-server';
import type { OsqueryIngestSettings } from '../config/osquery-ingest.config';
import { OSQUERY_INGEST_SETTINGS } from '../osquery-ingest.tokens';
import { MembershipRepository, type HostAnswers } from './membership.repository';
import { PeriodicWriter } from '../common/periodic-writer';

/** A batch this large is written at once, without waiting for the timer. */
const FLUSH_AT_HOSTS = 500;
/** Answers kept while the database is unreachable; beyond this the oldest are dropped (hosts answer again next interval). */
const MAX_PENDING_HOSTS = 100_000;

/**
 * Label and policy answers are queued per host and written in batches — all queued hosts in
 * one transaction every OSQUERY_MEMBERSHIP_FLUSH_MS (or at 500 hosts) — so many hosts' answers
 * cost one round of statements. Policy answers that changed are then published on the durable
 * POLICY_RESULTS stream. A failed write is retried with the next batch.
 */
@Injectable()
export class MembershipWriter extends PeriodicWriter {
  private pending = new Map<number, HostAnswers>();

  constructor(
    private readonly memberships: MembershipRepository,
    @Inject(OSQUERY_INGEST_SETTINGS) private readonly settings: OsqueryIngestSettings,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected get flushIntervalMs(): number {
    return this.settings.membershipFlushMs;
  }

  /** Queues a host's answers (merged with any still queued for it). */
  add(answers: HostAnswers): void {
    const queued = this.pending.get(answers.hostId);
    if (queued) {
      for (const [id, member] of answers.labels) queued.labels.set(id, member);
      for (const [id, passes] of answers.policies) queued.policies.set(id, passes);
      queued.labelsReported ||= answers.labelsReported;
      queued.policiesReported ||= answers.policiesReported;
    } else {
      this.pending.set(answers.hostId, answers);
    }
    if (this.pending.size >= FLUSH_AT_HOSTS) void this.flush();
  }

  protected async writeOnce(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    let changes;
    try {
      changes = await this.memberships.apply(batch, new Date());
    } catch (err) {
      this.logger.warn({ err, hosts: batch.length }, 'could not store label/policy answers; retrying with the next batch');
      for (const answers of batch) if (!this.pending.has(answers.hostId)) this.pending.set(answers.hostId, answers);
      while (this.pending.size > MAX_PENDING_HOSTS) this.pending.delete(this.pending.keys().next().value as number);
      return;
    }
    const at = new Date().toISOString();
    for (const c of changes) {
      try {
        await this.bus.append(POLICY_RESULT_CHANGED, { ...c, at }, { msgId: `${c.policyId}:${c.hostId}:${at}` });
      } catch (err) {
        this.logger.warn({ err, policyId: c.policyId, hostId: c.hostId }, 'could not publish a policy result change');
      }
    }
  }
}
