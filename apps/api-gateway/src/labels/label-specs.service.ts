import { Injectable } from '@nestjs/common';
import type { LabelEntity } from '@flotilla/platform-db';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { checkName } from './label-rules';
import { toFleetLabelSpec, type FleetLabelSpec } from './label-view.mapper';
import { LabelWriterService, type LabelMembership } from './label-writer.service';
import { LabelsError } from './labels.errors';
import type { LabelSpecBody } from './labels.params';
import { LabelsRepository } from './labels.repository';
import { hostScope } from './labels.service';

const forbidden = (): Error => AuthzError.forbidden();

/** What applying one spec does, decided (and validated) before anything is written. */
type Plan =
  | { kind: 'create'; name: string; description: string; membership: LabelMembership }
  | { kind: 'update'; label: LabelEntity; name: string; description: string; membership: LabelMembership }
  | { kind: 'unchanged'; label: LabelEntity };

/**
 * Label specs (`fleetctl apply` / `get labels`): applying creates each label by name or updates
 * it (description, query, platform, kind, a manual label's hosts), all in one transaction after
 * every spec is validated. Builtin labels may appear in a spec only unchanged.
 */
@Injectable()
export class LabelSpecsService {
  constructor(
    private readonly labels: LabelsRepository,
    private readonly writer: LabelWriterService,
    private readonly activities: ActivitiesService,
  ) {}

  async list(principal: Principal): Promise<FleetLabelSpec[]> {
    const rows = await this.labels.list({ orderKey: 'id', direction: 'ASC', offset: 0 });
    return Promise.all(rows.map((l) => this.spec(principal, l)));
  }

  async get(principal: Principal, name: string): Promise<FleetLabelSpec> {
    const label = await this.labels.findByName(name);
    if (!label) throw LabelsError.notFound(`label ${JSON.stringify(name)}`);
    return this.spec(principal, label);
  }

  async apply(principal: Principal, specs: readonly LabelSpecBody[]): Promise<void> {
    assertCan(principal, 'label.write', null, forbidden);
    const seen = new Map<string, number>();
    const plans: Plan[] = [];
    for (const [i, spec] of specs.entries()) {
      const name = checkName(spec.name ?? '', `specs.${i}.name`);
      const key = name.toLowerCase();
      if (seen.has(key)) throw LabelsError.validation(`specs.${i}.name`, `label ${JSON.stringify(name)} appears twice (also specs.${seen.get(key)})`);
      seen.set(key, i);
      plans.push(await this.plan(principal, spec, name, `specs.${i}.`));
    }
    const changed: number[] = [];
    const applied = await this.labels.transaction(async (tx) => {
      const out: Array<{ label_id: number; label_name: string }> = [];
      for (const plan of plans) {
        if (plan.kind === 'unchanged') {
          out.push({ label_id: plan.label.id, label_name: plan.label.name });
          continue;
        }
        const { membership } = plan;
        if (plan.kind === 'create') {
          const id = await this.writer.insert(tx, principal, plan.name, plan.description, membership);
          changed.push(id);
          out.push({ label_id: id, label_name: plan.name });
          continue;
        }
        const { label } = plan;
        const query = membership.type === 'dynamic' ? membership.query : '';
        const platform = membership.type === 'dynamic' ? membership.platform : '';
        const redefined = membership.type !== label.membershipType || query !== label.query || platform !== label.platform;
        await this.writer.update(tx, label, { name: plan.name, description: plan.description, query, platform, membershipType: membership.type });
        // Memberships of the old definition are void: a manual label gets its listed hosts, a re-defined dynamic one starts empty.
        if (membership.type === 'manual') await this.labels.replaceMembers(label.id, membership.hostIds, tx);
        else if (redefined) await this.labels.replaceMembers(label.id, [], tx);
        if (redefined) changed.push(label.id);
        out.push({ label_id: label.id, label_name: plan.name });
      }
      return out;
    });
    await this.writer.changed(changed);
    if (applied.length > 0) await this.activities.record(principal, 'applied_spec_labels', { labels: applied });
  }

  private async plan(principal: Principal, spec: LabelSpecBody, name: string, prefix: string): Promise<Plan> {
    const existing = await this.labels.findByNameIgnoringCase(name);
    if (existing?.labelType === 'builtin') {
      const differs =
        (spec.description !== undefined && spec.description !== existing.description) ||
        (spec.query !== undefined && spec.query !== existing.query) ||
        (spec.platform !== undefined && spec.platform !== existing.platform) ||
        (spec.label_membership_type !== undefined && spec.label_membership_type !== 'dynamic') ||
        (spec.hosts !== undefined && spec.hosts !== null) ||
        name !== existing.name;
      if (differs) throw LabelsError.builtin(existing.name, 'modified');
      return { kind: 'unchanged', label: existing };
    }
    if (spec.label_type === 'builtin') throw LabelsError.validation(`${prefix}label_type`, 'built-in labels ship with Flotilla and cannot be created');
    if (spec.label_membership_type === 'manual' && (spec.hosts === undefined || spec.hosts === null)) {
      throw LabelsError.validation(`${prefix}hosts`, 'a manual label needs a hosts list (it may be empty)');
    }
    const description = this.writer.description(spec.description, `${prefix}description`);
    const membership = await this.writer.membership(principal, spec, prefix);
    return existing ? { kind: 'update', label: existing, name, description, membership } : { kind: 'create', name, description, membership };
  }

  private async spec(principal: Principal, label: LabelEntity): Promise<FleetLabelSpec> {
    return toFleetLabelSpec(label, label.membershipType === 'manual' ? await this.labels.memberHostnames(label.id, hostScope(principal)) : undefined);
  }
}
