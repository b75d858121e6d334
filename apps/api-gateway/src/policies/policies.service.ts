import { Inject, Injectable } from '@nestjs/common';
import { POLICIES_CHANGED } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { isDuplicateKey, type PolicyEntity } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, LOGGER } from '@flotilla/platform-server';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Action } from '../authz/permissions';
import type { Principal } from '../authz/principal';
import { accessibleTeam } from '../teams/team-access';
import { TeamsRepository } from '../teams/teams.repository';
import { PoliciesError } from './policies.errors';
import type { PolicyBody } from './policies.params';
import { PoliciesRepository } from './policies.repository';
import { changesOf, redefines, resolvePolicyContent } from './policy-definition';
import type { FleetPolicy } from './policy-view.mapper';
import { PolicyViewsService, type PolicyListOptions } from './policy-views.service';

/** Where a route addresses policies: the global ones (`null`) or a team's. */
export type PolicyScope = number | null;

/** A team as policies name it in activities (`null`: global). */
export interface PolicyTeam {
  id: number | null;
  name: string | null;
}

const forbidden = (): Error => AuthzError.forbidden();

/**
 * Fleet's policies: global ones (readable and writable with a global role only) and team ones
 * (checked against their team, 403 before 404). Team lists may merge in the global policies,
 * which every member of the team may read. Counts come from `policy_stats`. Every change is
 * recorded as an activity and announced with POLICIES_CHANGED so osquery-ingest reloads.
 */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly policies: PoliciesRepository,
    private readonly views: PolicyViewsService,
    private readonly teams: TeamsRepository,
    private readonly activities: ActivitiesService,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Global policies (`scope` null), or a team's with the global ones either merged in or listed apart. */
  async list(principal: Principal, scope: PolicyScope, q: { query?: string; mergeInherited: boolean } & PolicyListOptions): Promise<{ policies: FleetPolicy[]; inherited_policies?: FleetPolicy[] }> {
    await this.team(principal, 'policy.read', scope);
    if (scope === null) return { policies: await this.views.page(await this.policies.list([null], q.query), q) };
    if (q.mergeInherited) return { policies: await this.views.page(await this.policies.list([null, scope], q.query), q) };
    const all = { ...q, offset: 0, limit: undefined };
    return { policies: await this.views.page(await this.policies.list([scope], q.query), q), inherited_policies: await this.views.page(await this.policies.list([null], q.query), all) };
  }

  async count(principal: Principal, scope: PolicyScope, q: { query?: string; mergeInherited: boolean }): Promise<number> {
    await this.team(principal, 'policy.read', scope);
    const teams = scope === null ? [null] : q.mergeInherited ? [null, scope] : [scope];
    return (await this.policies.list(teams, q.query)).length;
  }

  async get(principal: Principal, scope: PolicyScope, id: number): Promise<FleetPolicy> {
    await this.team(principal, 'policy.read', scope);
    return this.views.one(await this.inScope(scope, id, { anyTeam: scope === null }));
  }

  async create(principal: Principal, scope: PolicyScope, body: PolicyBody): Promise<FleetPolicy> {
    const team = await this.team(principal, 'policy.write', scope);
    const content = await resolvePolicyContent(this.policies, body, null);
    if (await this.policies.findByName(scope, content.name)) throw PoliciesError.nameTaken(content.name);
    let id: number;
    try {
      id = await this.policies.insert({ ...content, teamId: scope, authorId: principal.user?.id ?? null });
    } catch (err) {
      if (isDuplicateKey(err)) throw PoliciesError.nameTaken(content.name);
      throw err;
    }
    await this.activities.record(principal, 'created_policy', activityDetails(id, content.name, team));
    await this.announce([id], []);
    return this.views.one(await this.inScope(scope, id));
  }

  async modify(principal: Principal, scope: PolicyScope, id: number, body: PolicyBody): Promise<FleetPolicy> {
    const team = await this.team(principal, 'policy.write', scope);
    const current = await this.inScope(scope, id);
    const content = await resolvePolicyContent(this.policies, body, current);
    if (await this.policies.findByName(scope, content.name, id)) throw PoliciesError.nameTaken(content.name);
    try {
      await this.policies.update(id, changesOf(current, content));
    } catch (err) {
      if (isDuplicateKey(err)) throw PoliciesError.nameTaken(content.name);
      throw err;
    }
    await this.activities.record(principal, 'edited_policy', activityDetails(id, content.name, team));
    await this.announce(redefines(current, content) ? [id] : [], []);
    return this.views.one(await this.inScope(scope, id));
  }

  /** Deletes those of `ids` in the scope (others are ignored, as Fleet does); returns the ids deleted. */
  async delete(principal: Principal, scope: PolicyScope, ids: readonly number[]): Promise<number[]> {
    const team = await this.team(principal, 'policy.write', scope);
    const names = new Map((await this.policies.findByIds([...new Set(ids)])).map((p) => [p.id, p.name]));
    const deleted = await this.policies.delete([...names.keys()], scope);
    for (const id of deleted) await this.activities.record(principal, 'deleted_policy', activityDetails(id, names.get(id) ?? '', team));
    if (deleted.length > 0) await this.announce([], deleted);
    return deleted;
  }

  /** Tells every osquery-ingest replica to reload its policy catalog (a lost event is logged, not fatal). */
  async announce(changedIds: number[], deletedIds: number[]): Promise<void> {
    await this.bus.publish(POLICIES_CHANGED, { changedIds, deletedIds }).catch((err: unknown) => this.logger.warn({ err, changedIds, deletedIds }, 'could not publish policy change'));
  }

  /** Checks `action` on the scope: a global role for global policies; the team's role (403, then 404) for a team's. */
  async team(principal: Principal, action: Action, scope: PolicyScope): Promise<PolicyTeam> {
    if (scope === null) {
      assertCan(principal, action, null, forbidden);
      return { id: null, name: null };
    }
    const team = await accessibleTeam(this.teams, principal, action, scope);
    return { id: team.id, name: team.name };
  }

  /** The policy `id` if it belongs to the scope (a global path reads any policy when `anyTeam`); 404 otherwise. */
  private async inScope(scope: PolicyScope, id: number, opts: { anyTeam?: boolean } = {}): Promise<PolicyEntity> {
    const policy = await this.policies.findById(id);
    if (!policy || (!opts.anyTeam && policy.teamId !== scope)) throw PoliciesError.notFound(id);
    return policy;
  }
}

export function activityDetails(id: number, name: string, team: PolicyTeam): Record<string, unknown> {
  return { policy_id: id, policy_name: name, team_id: team.id, team_name: team.name };
}
