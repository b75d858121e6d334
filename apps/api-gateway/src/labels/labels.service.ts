import { Injectable } from '@nestjs/common';
import type { LabelEntity } from '@flotilla/platform-db';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan, scopeOf } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import type { HostFilters, HostListOptions } from '../hosts/host-query.types';
import type { FleetHost } from '../hosts/host-view.types';
import { HostsService } from '../hosts/hosts.service';
import { PackReferencesService } from '../packs/pack-references.service';
import { LabelWriterService } from './label-writer.service';
import { toFleetLabel, toFleetLabelSummary, type FleetLabel, type FleetLabelSummary } from './label-view.mapper';
import { LabelsError } from './labels.errors';
import type { CreateLabelBody, ModifyLabelBody } from './labels.params';
import { LabelsRepository, type LabelListOptions } from './labels.repository';

const forbidden = (): Error => AuthzError.forbidden();

/** The teams whose hosts `principal` may see in counts and host lists (undefined: every team and no team). */
export function hostScope(principal: Principal): readonly number[] | undefined {
  const scope = scopeOf(principal, 'host.read');
  return scope === 'all' ? undefined : scope;
}

/**
 * Labels (all global): everyone may read them; host counts and hosts are limited to the hosts
 * the caller may see. Writes need `label.write` (a global role); builtin labels are read-only.
 */
@Injectable()
export class LabelsService {
  constructor(
    private readonly labels: LabelsRepository,
    private readonly writer: LabelWriterService,
    private readonly hosts: HostsService,
    private readonly activities: ActivitiesService,
    private readonly packs: PackReferencesService,
  ) {}

  async list(principal: Principal, options: LabelListOptions, includeHostCounts: boolean): Promise<FleetLabel[]> {
    const rows = await this.labels.list(options);
    const counts = includeHostCounts ? await this.labels.hostCounts(rows, hostScope(principal)) : undefined;
    return rows.map((l) => toFleetLabel(l, counts ? (counts.get(l.id) ?? 0) : undefined));
  }

  async summary(): Promise<FleetLabelSummary[]> {
    return (await this.labels.list({ orderKey: 'id', direction: 'ASC', offset: 0 })).map(toFleetLabelSummary);
  }

  async get(principal: Principal, id: number): Promise<FleetLabel> {
    return this.view(principal, await this.found(id));
  }

  /** `/labels/:id/hosts`: the `/hosts` listing, limited to the label (and the caller's teams). */
  async hostsOf(principal: Principal, id: number, filters: HostFilters, options: HostListOptions): Promise<FleetHost[]> {
    await this.found(id);
    return this.hosts.list(principal, { ...filters, labelId: id }, options);
  }

  async create(principal: Principal, body: CreateLabelBody): Promise<FleetLabel> {
    assertCan(principal, 'label.write', null, forbidden);
    const name = await this.writer.availableName(body.name ?? '');
    const description = this.writer.description(body.description);
    const membership = await this.writer.membership(principal, body);
    const id = await this.labels.transaction((tx) => this.writer.insert(tx, principal, name, description, membership));
    await this.writer.changed([id]);
    await this.activities.record(principal, 'created_label', { label_id: id, label_name: name });
    return this.view(principal, await this.found(id));
  }

  /** Renames and describes; replaces a manual label's hosts. A dynamic label's query and platform stay as created (422 if asked to change). */
  async modify(principal: Principal, id: number, body: ModifyLabelBody): Promise<FleetLabel> {
    assertCan(principal, 'label.write', null, forbidden);
    const label = await this.found(id);
    if (label.labelType === 'builtin') throw LabelsError.builtin(label.name, 'modified');
    const kind = label.membershipType === 'manual' ? 'manual' : 'dynamic';
    if (body.label_membership_type !== undefined && body.label_membership_type !== kind) throw LabelsError.immutable('label_membership_type');
    if (body.query !== undefined && body.query !== label.query) throw LabelsError.immutable('query');
    if (body.platform !== undefined && body.platform !== label.platform) throw LabelsError.immutable('platform');
    const hostsGiven = (body.host_ids !== undefined && body.host_ids !== null) || (body.hosts !== undefined && body.hosts !== null);
    if (hostsGiven && kind === 'dynamic') throw LabelsError.validation(body.host_ids ? 'host_ids' : 'hosts', 'a dynamic label gets its hosts from its query; only a manual label’s hosts can be set');
    const name = body.name === undefined ? label.name : await this.writer.availableName(body.name, id);
    const description = body.description === undefined ? label.description : this.writer.description(body.description);
    const hostIds = hostsGiven ? await this.writer.resolveHosts(principal, body.host_ids ?? [], body.hosts ?? []) : undefined;
    await this.labels.transaction(async (tx) => {
      await this.writer.update(tx, label, { ...(name !== label.name ? { name } : {}), ...(description !== label.description ? { description } : {}) });
      if (hostIds) await this.labels.replaceMembers(id, hostIds, tx);
    });
    await this.activities.record(principal, 'edited_label', { label_id: id, label_name: name });
    return this.view(principal, await this.found(id));
  }

  async deleteByName(principal: Principal, name: string): Promise<void> {
    assertCan(principal, 'label.write', null, forbidden);
    const label = await this.labels.findByName(name);
    if (!label) throw LabelsError.notFound(`label ${JSON.stringify(name)}`);
    await this.delete(principal, label);
  }

  async deleteById(principal: Principal, id: number): Promise<void> {
    assertCan(principal, 'label.write', null, forbidden);
    await this.delete(principal, await this.found(id));
  }

  private async delete(principal: Principal, label: LabelEntity): Promise<void> {
    if (label.labelType === 'builtin') throw LabelsError.builtin(label.name, 'deleted');
    // Packs targeting the label forget it in the same transaction.
    const { packIds, deleted } = await this.labels.transaction(async (tx) => ({ packIds: await this.packs.forgetTargets('label', [label.id], tx), deleted: await this.labels.delete([label.id], tx) }));
    if (deleted === 0) throw LabelsError.notFound(`label ${label.id}`);
    await this.writer.changed([], [label.id]);
    await this.packs.changed(packIds);
    await this.activities.record(principal, 'deleted_label', { label_id: label.id, label_name: label.name });
  }

  private async found(id: number): Promise<LabelEntity> {
    const label = await this.labels.findById(id);
    if (!label) throw LabelsError.notFound(`label ${id}`);
    return label;
  }

  /** One label with its host count (and a manual label's host ids) as the caller may see them. */
  private async view(principal: Principal, label: LabelEntity): Promise<FleetLabel> {
    const scope = hostScope(principal);
    const count = (await this.labels.hostCounts([label], scope)).get(label.id) ?? 0;
    return toFleetLabel(label, count, label.membershipType === 'manual' ? await this.labels.memberIds(label.id, scope) : undefined);
  }
}
