import { Injectable } from '@nestjs/common';
import { isDuplicateKey, type PackEntity, type ScheduledQueryEntity } from '@flotilla/platform-db';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { changesOf, resolveScheduledContent } from './pack-rules';
import { packActivity, toFleetScheduledQuery, type FleetScheduledQuery } from './pack-view.mapper';
import { PacksChangedPublisher } from './packs-changed.publisher';
import { PacksError } from './packs.errors';
import type { ModifyScheduleBody, ScheduleBody } from './packs.params';
import { PacksRepository } from './packs.repository';
import { scheduledContentOf, ScheduledQueriesRepository, type ScheduledDefinition, type ScheduledSource } from './scheduled-queries.repository';

const forbidden = (): Error => AuthzError.forbidden();

/**
 * A pack's scheduled queries: a global saved query run every `interval` seconds on the pack's
 * targets, with osquery's schedule options. Named after the saved query unless given a name (unique
 * within the pack, letter case ignored). Each change is recorded as `edited_pack` and announced.
 */
@Injectable()
export class ScheduledQueriesService {
  constructor(
    private readonly scheduled: ScheduledQueriesRepository,
    private readonly packs: PacksRepository,
    private readonly activities: ActivitiesService,
    private readonly publisher: PacksChangedPublisher,
  ) {}

  /** `GET /packs/:id/scheduled`. */
  async inPack(principal: Principal, packId: number): Promise<FleetScheduledQuery[]> {
    assertCan(principal, 'pack.read', null, forbidden);
    if (!(await this.packs.findById(packId))) throw PacksError.notFound(packId);
    return this.views((await this.scheduled.ofPacks([packId])).get(packId) ?? []);
  }

  async get(principal: Principal, id: number): Promise<FleetScheduledQuery> {
    assertCan(principal, 'pack.read', null, forbidden);
    return this.view(await this.found(id));
  }

  async create(principal: Principal, body: ScheduleBody): Promise<FleetScheduledQuery> {
    assertCan(principal, 'pack.write', null, forbidden);
    const [pack, source] = await this.references(body.pack_id, body.query_id);
    const content = resolveScheduledContent(body, null, source.name);
    const definition: ScheduledDefinition = { ...content, packId: pack.id, queryId: source.id };
    if (await this.scheduled.findByName(pack.id, content.name)) throw PacksError.scheduledNameTaken(content.name);
    const id = await this.write(content.name, () => this.scheduled.insert(definition));
    await this.activities.record(principal, 'edited_pack', packActivity(pack.id, pack.name));
    await this.publisher.announce([pack.id]);
    return this.view(await this.found(id));
  }

  /** Options not sent are kept (`null` unsets one); `pack_id` moves it to another pack, `query_id` runs another saved query. */
  async modify(principal: Principal, id: number, body: ModifyScheduleBody): Promise<FleetScheduledQuery> {
    assertCan(principal, 'pack.write', null, forbidden);
    const current = await this.found(id);
    const [pack, source] = await this.references(body.pack_id ?? current.packId, body.query_id ?? current.queryId);
    const before = scheduledContentOf(current);
    const content = resolveScheduledContent(body, before, source.name);
    if (await this.scheduled.findByName(pack.id, content.name, id)) throw PacksError.scheduledNameTaken(content.name);
    const changes: Partial<ScheduledDefinition> = {
      ...changesOf(before, content),
      ...(pack.id !== current.packId ? { packId: pack.id } : {}),
      ...(source.id !== current.queryId ? { queryId: source.id } : {}),
    };
    await this.write(content.name, () => this.scheduled.update(id, changes));
    await this.activities.record(principal, 'edited_pack', packActivity(pack.id, pack.name));
    if (Object.keys(changes).length > 0) await this.publisher.announce([current.packId, pack.id]);
    return this.view(await this.found(id));
  }

  async delete(principal: Principal, id: number): Promise<void> {
    assertCan(principal, 'pack.write', null, forbidden);
    const current = await this.found(id);
    await this.scheduled.delete([id]);
    const pack = await this.packs.findById(current.packId);
    await this.activities.record(principal, 'edited_pack', packActivity(current.packId, pack?.name ?? ''));
    await this.publisher.announce([current.packId]);
  }

  async views(rows: readonly ScheduledQueryEntity[]): Promise<FleetScheduledQuery[]> {
    const sources = await this.scheduled.sources(rows.map((s) => s.queryId));
    return rows.map((s) => toFleetScheduledQuery(s, sources.get(s.queryId)));
  }

  private async view(row: ScheduledQueryEntity): Promise<FleetScheduledQuery> {
    const [view] = await this.views([row]);
    if (!view) throw new Error('scheduled queries: view missing');
    return view;
  }

  private async found(id: number): Promise<ScheduledQueryEntity> {
    const row = await this.scheduled.findById(id);
    if (!row) throw PacksError.scheduledNotFound(id);
    return row;
  }

  /** The pack and the global saved query a body names; either unknown is a 400 naming its field. */
  private async references(packId: number, queryId: number): Promise<[PackEntity, ScheduledSource]> {
    const [pack, sources] = await Promise.all([this.packs.findById(packId), this.scheduled.sources([queryId])]);
    const source = sources.get(queryId);
    const usable = source && source.saved && source.teamId === null ? source : undefined;
    const problems = [
      ...(pack ? [] : [{ name: 'pack_id', reason: `no pack ${packId}` }]),
      ...(usable ? [] : [{ name: 'query_id', reason: `no global saved query ${queryId} (packs run global saved queries)` }]),
    ];
    if (!pack || !usable) throw PacksError.unknownReferences(problems);
    return [pack, usable];
  }

  /** Runs an insert or update; a name the pack took meanwhile is 409. */
  private async write<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isDuplicateKey(err)) throw PacksError.scheduledNameTaken(name);
      throw err;
    }
  }
}
