import { Injectable } from '@nestjs/common';
import { isDuplicateKey, type PackEntity, type PackTargetType } from '@flotilla/platform-db';
import type { EntityManager } from 'typeorm';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { changesOf, resolvePackContent, type PackContent } from './pack-rules';
import { PackTargetRefsRepository } from './pack-target-refs.repository';
import { packActivity, toFleetPack, type FleetPack } from './pack-view.mapper';
import { PacksChangedPublisher } from './packs-changed.publisher';
import { PacksError } from './packs.errors';
import type { PackBody, PackListOptions } from './packs.params';
import { packContentOf, PacksRepository, TARGET_KEY, type PackTargets } from './packs.repository';
import { ScheduledQueriesRepository } from './scheduled-queries.repository';

const forbidden = (): Error => AuthzError.forbidden();
/** Each kind of target and its body field. */
const TARGET_FIELDS: ReadonlyArray<[PackTargetType, 'host_ids' | 'label_ids' | 'team_ids']> = [
  ['host', 'host_ids'],
  ['label', 'label_ids'],
  ['team', 'team_ids'],
];

const sameIds = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * Fleet's legacy query packs: global (packs have no team), read by global observers and up,
 * written by global maintainers, admins and GitOps. A pack targets hosts, labels and teams (they
 * must exist); its scheduled queries live in ScheduledQueriesService. Every change is recorded
 * as an activity and announced with PACKS_CHANGED.
 */
@Injectable()
export class PacksService {
  constructor(
    private readonly packs: PacksRepository,
    private readonly refs: PackTargetRefsRepository,
    private readonly scheduled: ScheduledQueriesRepository,
    private readonly activities: ActivitiesService,
    private readonly publisher: PacksChangedPublisher,
  ) {}

  async list(principal: Principal, options: PackListOptions): Promise<FleetPack[]> {
    assertCan(principal, 'pack.read', null, forbidden);
    return this.views(await this.packs.list(options));
  }

  async get(principal: Principal, id: number): Promise<FleetPack> {
    assertCan(principal, 'pack.read', null, forbidden);
    return this.view(await this.found(id));
  }

  async create(principal: Principal, body: PackBody): Promise<FleetPack> {
    assertCan(principal, 'pack.write', null, forbidden);
    const content = resolvePackContent(body, null);
    const targets = await this.checkedTargets(body);
    if (await this.packs.findByName(content.name)) throw PacksError.nameTaken(content.name);
    const id = await this.packs.transaction(async (tx) => {
      const packId = await this.insert(content, tx);
      for (const [type, ids] of targets) await this.packs.replaceTargets(packId, type, ids, tx);
      return packId;
    });
    await this.activities.record(principal, 'created_pack', packActivity(id, content.name));
    await this.publisher.announce([id]);
    return this.view(await this.found(id));
  }

  /** Fields not sent are kept; a target list sent (even empty) replaces that kind of target, `null` keeps it. */
  async modify(principal: Principal, id: number, body: PackBody): Promise<FleetPack> {
    assertCan(principal, 'pack.write', null, forbidden);
    const pack = await this.found(id);
    const current = packContentOf(pack);
    const content = resolvePackContent(body, current);
    const targets = await this.checkedTargets(body);
    if (await this.packs.findByName(content.name, id)) throw PacksError.nameTaken(content.name);
    const changes = changesOf(current, content);
    const before = (await this.packs.targets([id])).get(id);
    const retargeted = targets.filter(([type, ids]) => !sameIds(before?.[TARGET_KEY[type]] ?? [], ids));
    await this.packs.transaction(async (tx) => {
      try {
        await this.packs.update(id, changes, tx);
      } catch (err) {
        if (isDuplicateKey(err)) throw PacksError.nameTaken(content.name);
        throw err;
      }
      for (const [type, ids] of retargeted) await this.packs.replaceTargets(id, type, ids, tx);
    });
    await this.activities.record(principal, 'edited_pack', packActivity(id, content.name));
    if (Object.keys(changes).length > 0 || retargeted.length > 0) await this.publisher.announce([id]);
    return this.view(await this.found(id));
  }

  /** `DELETE /packs/:name` (letter case ignored). */
  async deleteByName(principal: Principal, name: string): Promise<void> {
    assertCan(principal, 'pack.write', null, forbidden);
    const pack = await this.packs.findByName(name);
    if (!pack) throw PacksError.notFound(name);
    await this.delete(principal, pack);
  }

  async deleteById(principal: Principal, id: number): Promise<void> {
    assertCan(principal, 'pack.write', null, forbidden);
    await this.delete(principal, await this.found(id));
  }

  /** Packs in Fleet's shape: targets that no longer exist are skipped (hosts are deleted by osquery-ingest; the cleanup follows an event). */
  async views(rows: readonly PackEntity[]): Promise<FleetPack[]> {
    const ids = rows.map((p) => p.id);
    const [targets, scheduled] = await Promise.all([this.packs.targets(ids), this.scheduled.ofPacks(ids)]);
    const all = [...targets.values()];
    const [hosts, labels, teams] = await Promise.all([
      this.refs.existing('host', all.flatMap((t) => t.hostIds)),
      this.refs.existing('label', all.flatMap((t) => t.labelIds)),
      this.refs.existing('team', all.flatMap((t) => t.teamIds)),
    ]);
    return Promise.all(
      rows.map(async (p) => {
        const t = targets.get(p.id) ?? { hostIds: [], labelIds: [], teamIds: [] };
        const live: PackTargets = { hostIds: t.hostIds.filter((h) => hosts.has(h)), labelIds: t.labelIds.filter((l) => labels.has(l)), teamIds: t.teamIds.filter((x) => teams.has(x)) };
        return toFleetPack(p, live, scheduled.get(p.id)?.length ?? 0, await this.refs.hostCount(live));
      }),
    );
  }

  async found(id: number): Promise<PackEntity> {
    const pack = await this.packs.findById(id);
    if (!pack) throw PacksError.notFound(id);
    return pack;
  }

  private async view(pack: PackEntity): Promise<FleetPack> {
    const [view] = await this.views([pack]);
    if (!view) throw new Error('packs: view missing');
    return view;
  }

  private async delete(principal: Principal, pack: PackEntity): Promise<void> {
    const deleted = await this.packs.transaction((tx) => this.packs.delete([pack.id], tx));
    if (deleted === 0) throw PacksError.notFound(pack.id);
    await this.activities.record(principal, 'deleted_pack', packActivity(pack.id, pack.name));
    await this.publisher.announce([], [pack.id]);
  }

  /** Inserts a pack in `tx`; a name taken meanwhile is 409. */
  private async insert(content: PackContent, tx: EntityManager): Promise<number> {
    try {
      return await this.packs.insert(content, tx);
    } catch (err) {
      if (isDuplicateKey(err)) throw PacksError.nameTaken(content.name);
      throw err;
    }
  }

  /** The target lists the body sends (absent or null: not sent), ids ascending and de-duplicated; unknown hosts, labels or teams are a 400 naming them. */
  private async checkedTargets(body: PackBody): Promise<Array<[PackTargetType, number[]]>> {
    const out: Array<[PackTargetType, number[]]> = [];
    const problems: Array<{ name: string; reason: string }> = [];
    for (const [type, field] of TARGET_FIELDS) {
      const raw = body[field];
      if (raw === undefined || raw === null) continue;
      const ids = [...new Set(raw)].sort((a, b) => a - b);
      const found = await this.refs.existing(type, ids);
      const unknown = ids.filter((i) => !found.has(i));
      if (unknown.length > 0) problems.push({ name: field, reason: `no ${type} ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ` and ${unknown.length - 20} more` : ''}` });
      out.push([type, ids]);
    }
    if (problems.length > 0) throw PacksError.unknownReferences(problems);
    return out;
  }
}
