import { Injectable } from '@nestjs/common';
import type { ErrorDetail } from '@flotilla/platform-errors';
import { isDuplicateKey, type PackEntity } from '@flotilla/platform-db';
import type { EntityManager } from 'typeorm';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { changesOf, resolvePackContent, resolveScheduledContent, type PackContent, type ScheduledContent } from './pack-rules';
import { PackTargetRefsRepository, type NamedRef } from './pack-target-refs.repository';
import { packActivity, toFleetPackSpecQuery, type FleetPackSpec } from './pack-view.mapper';
import { PacksChangedPublisher } from './packs-changed.publisher';
import { PacksError } from './packs.errors';
import type { PackSpecBody } from './packs.params';
import { packContentOf, PacksRepository } from './packs.repository';
import { scheduledContentOf, ScheduledQueriesRepository } from './scheduled-queries.repository';

const forbidden = (): Error => AuthzError.forbidden();

/** One spec, validated and resolved to ids before anything is written. */
interface Plan {
  content: PackContent;
  labelIds: number[];
  teamIds: number[];
  queries: Array<ScheduledContent & { queryId: number }>;
}

/** Names → refs, letter case ignored (the first of equal names wins). */
function byName(refs: readonly NamedRef[]): Map<string, NamedRef> {
  const out = new Map<string, NamedRef>();
  for (const r of refs) if (!out.has(r.name.toLowerCase())) out.set(r.name.toLowerCase(), r);
  return out;
}

/**
 * Pack specs (`fleetctl get packs` / `apply`): applying creates each pack by name or replaces the
 * one there (letter case ignored): its fields, its targets (the labels and teams named; host
 * targets cannot be named in specs and are dropped) and its scheduled queries (matched by name, the
 * others removed). Labels, teams and saved queries are named; an unknown one is a 400 naming it.
 * Every spec is checked before anything is written, and the writes share one transaction.
 */
@Injectable()
export class PackSpecsService {
  constructor(
    private readonly packs: PacksRepository,
    private readonly refs: PackTargetRefsRepository,
    private readonly scheduled: ScheduledQueriesRepository,
    private readonly activities: ActivitiesService,
    private readonly publisher: PacksChangedPublisher,
  ) {}

  async list(principal: Principal): Promise<FleetPackSpec[]> {
    assertCan(principal, 'pack.read', null, forbidden);
    return this.specs(await this.packs.list({ orderKey: 'id', direction: 'ASC', offset: 0 }));
  }

  async get(principal: Principal, name: string): Promise<FleetPackSpec> {
    assertCan(principal, 'pack.read', null, forbidden);
    const pack = await this.packs.findByName(name);
    if (!pack) throw PacksError.notFound(name);
    const [spec] = await this.specs([pack]);
    if (!spec) throw new Error('pack specs: spec missing');
    return spec;
  }

  async apply(principal: Principal, specs: readonly PackSpecBody[]): Promise<void> {
    assertCan(principal, 'pack.write', null, forbidden);
    const plans = await this.plans(specs);
    const applied = await this.packs.transaction(async (tx) => {
      const out: Array<{ id: number; name: string }> = [];
      for (const plan of plans) out.push({ id: await this.write(plan, tx), name: plan.content.name });
      return out;
    });
    await this.activities.record(principal, 'applied_spec_pack', { packs: applied.map((p) => packActivity(p.id, p.name)) });
    await this.publisher.announce(applied.map((p) => p.id));
  }

  /** Every spec validated (422, named `specs.<i>.<field>`), then every name resolved (400 listing the unknown ones). */
  private async plans(specs: readonly PackSpecBody[]): Promise<Plan[]> {
    const [labels, teams, queries] = await Promise.all([this.refs.all('label'), this.refs.all('team'), this.scheduled.globalQueries()]);
    const label = byName(labels);
    const team = byName(teams);
    const query = byName(queries);
    const unknown: ErrorDetail[] = [];
    const resolve = (index: Map<string, NamedRef>, names: readonly string[], field: string, what: string): number[] => {
      const missing = names.filter((n) => !index.has(n.toLowerCase()));
      if (missing.length > 0) unknown.push({ name: field, reason: `no ${what} ${missing.map((n) => JSON.stringify(n)).join(', ')}` });
      return [...new Set(names.flatMap((n) => index.get(n.toLowerCase())?.id ?? []))].sort((a, b) => a - b);
    };
    const seen = new Map<string, number>();
    const plans = specs.map((spec, i): Plan => {
      const prefix = `specs.${i}.`;
      const content = resolvePackContent(spec, null, prefix);
      const key = content.name.toLowerCase();
      if (seen.has(key)) throw PacksError.validation([{ name: `${prefix}name`, reason: `pack ${JSON.stringify(content.name)} appears twice (also specs.${seen.get(key)})` }]);
      seen.set(key, i);
      const names = new Map<string, number>();
      const scheduled = (spec.queries ?? []).map((q, j) => {
        const qPrefix = `${prefix}queries.${j}.`;
        const [queryId] = resolve(query, [q.query], `${qPrefix}query`, 'global saved query');
        const sq = resolveScheduledContent(q, null, query.get(q.query.toLowerCase())?.name ?? q.query, qPrefix);
        const taken = names.get(sq.name.toLowerCase());
        if (taken !== undefined) throw PacksError.validation([{ name: `${qPrefix}name`, reason: `the pack schedules ${JSON.stringify(sq.name)} twice (also ${prefix}queries.${taken}); give one another name` }]);
        names.set(sq.name.toLowerCase(), j);
        return { ...sq, queryId: queryId ?? 0 };
      });
      return {
        content,
        labelIds: resolve(label, spec.targets?.labels ?? [], `${prefix}targets.labels`, 'label'),
        teamIds: resolve(team, spec.targets?.teams ?? [], `${prefix}targets.teams`, 'team'),
        queries: scheduled,
      };
    });
    if (unknown.length > 0) throw PacksError.unknownReferences(unknown);
    return plans;
  }

  /** Creates or replaces one pack in `tx`; returns its id. */
  private async write(plan: Plan, tx: EntityManager): Promise<number> {
    const existing = await this.packs.findByName(plan.content.name, undefined, tx);
    let id: number;
    if (existing) {
      id = existing.id;
      await this.packs.update(id, changesOf(packContentOf(existing), plan.content), tx);
    } else {
      id = await this.packs.insert(plan.content, tx).catch((err: unknown) => {
        throw isDuplicateKey(err) ? PacksError.nameTaken(plan.content.name) : err;
      });
    }
    await this.packs.replaceTargets(id, 'host', [], tx);
    await this.packs.replaceTargets(id, 'label', plan.labelIds, tx);
    await this.packs.replaceTargets(id, 'team', plan.teamIds, tx);
    const current = new Map(((await this.scheduled.ofPacks([id], tx)).get(id) ?? []).map((s) => [s.name.toLowerCase(), s]));
    const kept = new Set<number>();
    // Rows that stay are updated first, those that go are deleted, then new ones inserted: no name is ever held twice.
    const fresh: Plan['queries'] = [];
    for (const q of plan.queries) {
      const row = current.get(q.name.toLowerCase());
      if (!row) {
        fresh.push(q);
        continue;
      }
      kept.add(row.id);
      const { queryId, ...content } = q;
      await this.scheduled.update(row.id, { ...changesOf(scheduledContentOf(row), content), ...(row.queryId !== queryId ? { queryId } : {}) }, tx);
    }
    await this.scheduled.delete(
      [...current.values()].filter((s) => !kept.has(s.id)).map((s) => s.id),
      tx,
    );
    for (const q of fresh) await this.scheduled.insert({ ...q, packId: id }, tx);
    return id;
  }

  private async specs(packs: readonly PackEntity[]): Promise<FleetPackSpec[]> {
    const ids = packs.map((p) => p.id);
    const [targets, scheduled] = await Promise.all([this.packs.targets(ids), this.scheduled.ofPacks(ids)]);
    const all = [...targets.values()];
    const rows = [...scheduled.values()].flat();
    const [labels, teams, sources] = await Promise.all([
      this.refs.named('label', all.flatMap((t) => t.labelIds)),
      this.refs.named('team', all.flatMap((t) => t.teamIds)),
      this.scheduled.sources(rows.map((s) => s.queryId)),
    ]);
    return packs.map((p) => {
      const t = targets.get(p.id);
      const content = packContentOf(p);
      return {
        id: p.id,
        name: content.name,
        description: content.description,
        platform: content.platform,
        disabled: content.disabled,
        targets: { labels: (t?.labelIds ?? []).flatMap((l) => labels.get(l) ?? []), teams: (t?.teamIds ?? []).flatMap((x) => teams.get(x) ?? []) },
        queries: (scheduled.get(p.id) ?? []).map((s) => toFleetPackSpecQuery(s, sources.get(s.queryId)?.name ?? '')),
      };
    });
  }
}
