import { Inject, Injectable } from '@nestjs/common';
import { Database, HostEntity, LabelEntity, LabelMembershipEntity, PolicyEntity, PolicyMembershipEntity, PolicyStatsEntity } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, IsNull, Not, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { CatalogLabel, CatalogPolicy } from './query-catalog';

/** One host's label and policy answers (`passes` null: the policy query failed on the host). */
export interface HostAnswers {
  hostId: number;
  labels: Map<number, boolean>;
  policies: Map<number, boolean | null>;
  labelsReported: boolean;
  policiesReported: boolean;
}

/** A host's answer to a policy that differs from the stored one (`previous` null: first answer). */
export interface PolicyResultChange {
  policyId: number;
  hostId: number;
  passes: boolean | null;
  previous: boolean | null;
}

const split = (csv: string): string[] =>
  csv
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');

/**
 * The label and policy membership tables as osquery-ingest (their writer) sees them: it reads the
 * definitions (owned by api-gateway) into the catalog, and writes answers in batches — many hosts
 * per transaction — keeping `policy_stats` counts in step with every membership change.
 */
@Injectable()
export class MembershipRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async loadCatalog(): Promise<{ labels: CatalogLabel[]; policies: CatalogPolicy[] }> {
    const [labels, policies] = await Promise.all([this.db.manager.find(LabelEntity), this.db.manager.find(PolicyEntity)]);
    return {
      labels: labels.map((l) => ({ id: l.id, kind: l.membershipType, query: l.query, platform: l.platform, platforms: split(l.platforms) })),
      policies: policies.map((p) => ({
        id: p.id,
        teamId: p.teamId,
        query: p.query,
        platforms: split(p.platform),
        includeAny: p.labelsIncludeAny ?? [],
        excludeAny: p.labelsExcludeAny ?? [],
      })),
    };
  }

  /** The dynamic and manual labels a host belongs to. */
  async labelIdsOf(hostId: number): Promise<Set<number>> {
    const rows = await this.db.manager.find(LabelMembershipEntity, { select: { labelId: true }, where: { hostId } });
    return new Set(rows.map((r) => r.labelId));
  }

  /** Stores a batch of answers in one transaction; returns the policy answers that changed. */
  async apply(batch: readonly HostAnswers[], now: Date): Promise<PolicyResultChange[]> {
    if (batch.length === 0) return [];
    return this.db.transaction(async (tx) => {
      await this.applyLabels(tx, batch, now);
      const changes = await this.applyPolicies(tx, batch, now);
      const labelHosts = batch.filter((b) => b.labelsReported).map((b) => b.hostId);
      const policyHosts = batch.filter((b) => b.policiesReported).map((b) => b.hostId);
      if (labelHosts.length > 0) await tx.update(HostEntity, { id: In(labelHosts) }, { labelUpdatedAt: now });
      if (policyHosts.length > 0) await tx.update(HostEntity, { id: In(policyHosts) }, { policyUpdatedAt: now });
      return changes;
    });
  }

  /** Forgets dynamic labels' memberships (the labels were deleted). */
  async forgetLabels(ids: readonly number[]): Promise<void> {
    if (ids.length > 0) await this.db.manager.delete(LabelMembershipEntity, { labelId: In([...ids]) });
  }

  /** Forgets every answer to these policies (deleted, or their query changed) and their counts. */
  async forgetPolicies(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.transaction(async (tx) => {
      await tx.delete(PolicyMembershipEntity, { policyId: In([...ids]) });
      await tx.delete(PolicyStatsEntity, { policyId: In([...ids]) });
    });
  }

  /** Forgets the memberships of deleted hosts, taking their answers out of the policy counts. */
  async forgetHosts(tx: EntityManager, hostIds: readonly number[]): Promise<void> {
    if (hostIds.length === 0) return;
    await this.dropAnswers(tx, { hostId: In([...hostIds]) });
    await tx.delete(LabelMembershipEntity, { hostId: In([...hostIds]) });
  }

  /** After hosts moved to `teamId`: drops their answers to other teams' policies (they no longer apply). */
  async dropOtherTeamsPolicies(tx: EntityManager, hostIds: readonly number[], teamId: number | null): Promise<void> {
    if (hostIds.length === 0) return;
    const teamPolicies = await tx.find(PolicyEntity, { select: { id: true }, where: teamId === null ? { teamId: Not(IsNull()) } : { teamId: Not(teamId) } });
    const foreign = teamPolicies.map((p) => p.id);
    if (foreign.length === 0) return;
    await this.dropAnswers(tx, { hostId: In([...hostIds]), policyId: In(foreign) });
  }

  private async applyLabels(tx: EntityManager, batch: readonly HostAnswers[], now: Date): Promise<void> {
    const members = batch.flatMap((b) => [...b.labels].filter(([, member]) => member).map(([labelId]) => ({ labelId, hostId: b.hostId, createdAt: now, updatedAt: now })));
    if (members.length > 0) await tx.createQueryBuilder().insert().into(LabelMembershipEntity).values(members).orIgnore().execute();
    for (const b of batch) {
      const gone = [...b.labels].filter(([, member]) => !member).map(([labelId]) => labelId);
      if (gone.length > 0) await tx.delete(LabelMembershipEntity, { hostId: b.hostId, labelId: In(gone) });
    }
  }

  private async applyPolicies(tx: EntityManager, batch: readonly HostAnswers[], now: Date): Promise<PolicyResultChange[]> {
    const answers = batch.flatMap((b) => [...b.policies].map(([policyId, passes]) => ({ policyId, hostId: b.hostId, passes })));
    if (answers.length === 0) return [];
    answers.sort((a, b) => a.policyId - b.policyId || a.hostId - b.hostId);
    const stored = await tx.findBy(PolicyMembershipEntity, { hostId: In([...new Set(answers.map((a) => a.hostId))]), policyId: In([...new Set(answers.map((a) => a.policyId))]) });
    const before = new Map(stored.map((r) => [`${r.policyId}:${r.hostId}`, r.passes === null ? null : Boolean(r.passes)]));
    const changes: PolicyResultChange[] = [];
    const deltas = new Map<number, { passing: number; failing: number }>();
    for (const a of answers) {
      const key = `${a.policyId}:${a.hostId}`;
      const known = before.has(key);
      const previous = known ? (before.get(key) ?? null) : null;
      if (known && previous === a.passes) continue;
      changes.push({ policyId: a.policyId, hostId: a.hostId, passes: a.passes, previous });
      const d = deltas.get(a.policyId) ?? { passing: 0, failing: 0 };
      if (previous === true) d.passing--;
      if (previous === false) d.failing--;
      if (a.passes === true) d.passing++;
      if (a.passes === false) d.failing++;
      deltas.set(a.policyId, d);
    }
    if (changes.length === 0) return [];
    await tx
      .createQueryBuilder()
      .insert()
      .into(PolicyMembershipEntity)
      .values(changes.map((c) => ({ policyId: c.policyId, hostId: c.hostId, passes: c.passes, updatedAt: now })))
      .orUpdate(['passes', 'updated_at'], ['policy_id', 'host_id'])
      .execute();
    await this.adjustStats(tx, deltas);
    return changes;
  }

  /** Removes the stored answers matching `where` and takes them out of the counts. */
  private async dropAnswers(tx: EntityManager, where: FindOptionsWhere<PolicyMembershipEntity>): Promise<void> {
    const rows = await tx.find(PolicyMembershipEntity, { select: { policyId: true, passes: true }, where });
    if (rows.length === 0) return;
    const deltas = new Map<number, { passing: number; failing: number }>();
    for (const r of rows) {
      if (r.passes === null) continue;
      const d = deltas.get(r.policyId) ?? { passing: 0, failing: 0 };
      if (r.passes) d.passing--;
      else d.failing--;
      deltas.set(r.policyId, d);
    }
    await tx.delete(PolicyMembershipEntity, where);
    await this.adjustStats(tx, deltas);
  }

  private async adjustStats(tx: EntityManager, deltas: ReadonlyMap<number, { passing: number; failing: number }>): Promise<void> {
    const changed = [...deltas].filter(([, d]) => d.passing !== 0 || d.failing !== 0).sort(([a], [b]) => a - b);
    if (changed.length === 0) return;
    await tx
      .createQueryBuilder()
      .insert()
      .into(PolicyStatsEntity)
      .values(changed.map(([policyId]) => ({ policyId, passingHostCount: 0, failingHostCount: 0 })))
      .orIgnore()
      .execute();
    for (const [policyId, d] of changed) {
      await tx
        .createQueryBuilder()
        .update(PolicyStatsEntity)
        .set({ passingHostCount: () => `passing_host_count + ${d.passing}`, failingHostCount: () => `failing_host_count + ${d.failing}`, updatedAt: new Date() })
        .where('policy_id = :policyId', { policyId })
        .execute();
    }
  }
}
