import { Injectable } from '@nestjs/common';
import type { CampaignTotals } from '@flotilla/contracts';
import { can, scopeOf } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Action } from '../authz/permissions';
import type { Principal } from '../authz/principal';
import { hostStatus, missingSince, newSince } from '../hosts/host-status';
import { HostsRepository } from '../hosts/hosts.repository';
import { LabelsRepository } from '../labels/labels.repository';
import { TeamsRepository } from '../teams/teams.repository';
import { CampaignTargetsRepository, type TargetHost } from './campaign-targets.repository';
import { LiveQueriesError } from './live-queries.errors';
import type { Selected } from './live-queries.params';

/** The hosts a selection resolves to, with Fleet's target metrics. */
export interface ResolvedTargets {
  /** Ascending. */
  hostIds: number[];
  /** The targeted hosts online now: the answers a run waits for. */
  onlineIds: number[];
  totals: CampaignTotals;
  /** Targeted hosts enrolled in the last 24 h (Fleet's NewHosts). */
  newHosts: number;
}

export interface ResolveOptions {
  /** A team query runs on its team's hosts only (null: a global query, no restriction). */
  queryTeamId?: number | null;
}

const forbidden = (reason?: string): Error => AuthzError.forbidden(reason);

/**
 * Turns a selection (hosts, labels, teams) into host ids for a principal and an action
 * (`query.run`, `query.run_saved`, or `host.read` for target counts): unknown ids are 400 naming
 * them; an explicitly selected host or team outside the principal's teams for the action is 403;
 * label members are taken from the caller's teams only (the labels feature's membership rule:
 * builtin platform labels by platform, others by membership rows).
 */
@Injectable()
export class CampaignTargetsService {
  constructor(
    private readonly targets: CampaignTargetsRepository,
    private readonly hosts: HostsRepository,
    private readonly labels: LabelsRepository,
    private readonly teams: TeamsRepository,
  ) {}

  async resolve(principal: Principal, action: Action, selected: Selected, options: ResolveOptions = {}): Promise<ResolvedTargets> {
    const scope = scopeOf(principal, action);
    const withinTeams = scope === 'all' ? undefined : scope;
    for (const teamId of selected.teams) if (!can(principal, action, teamId)) throw forbidden(`you may not run live queries on the hosts of team ${teamId}`);
    const teams = new Set((await this.teams.findByIds(selected.teams)).map((t) => t.id));
    const unknownTeams = selected.teams.filter((id) => !teams.has(id));
    if (unknownTeams.length > 0) throw LiveQueriesError.unknownTargets('selected.teams', unknownTeams);
    const labels = new Set((await this.targets.labelsByIds(selected.labels)).map((l) => l.id));
    const unknownLabels = selected.labels.filter((id) => !labels.has(id));
    if (unknownLabels.length > 0) throw LiveQueriesError.unknownTargets('selected.labels', unknownLabels);
    const explicit = await this.targets.hosts(selected.hosts);
    const found = new Set(explicit.map((h) => h.id));
    const unknownHosts = selected.hosts.filter((id) => !found.has(id));
    if (unknownHosts.length > 0) throw LiveQueriesError.unknownTargets('selected.hosts', unknownHosts);
    const outside = explicit.filter((h) => !can(principal, action, h.teamId)).map((h) => h.id);
    if (outside.length > 0) throw forbidden(`you may not run live queries on host${outside.length > 1 ? 's' : ''} ${outside.slice(0, 20).join(', ')}`);

    const ids = new Set(found);
    const now = new Date();
    for (const labelId of selected.labels) for (const id of await this.hosts.ids({ labelId, ...(withinTeams ? { withinTeams } : {}) }, now)) ids.add(id);
    for (const teamId of selected.teams) for (const id of await this.hosts.ids({ teamId }, now)) ids.add(id);
    let targeted = await this.targets.hosts([...ids]);
    if (options.queryTeamId !== undefined && options.queryTeamId !== null) targeted = targeted.filter((h) => h.teamId === options.queryTeamId);
    return metrics(targeted, now);
  }

  /** Host ids matching hostnames, UUIDs, serials or osquery host ids (400 naming those that match none). */
  async hostIdsByIdentifiers(identifiers: readonly string[]): Promise<number[]> {
    const matched = await this.labels.hostsByIdentifiers(identifiers);
    const known = new Set(matched.map((h) => h.identifier));
    const unknown = identifiers.filter((i) => !known.has(i));
    if (unknown.length > 0) throw LiveQueriesError.unknownTargets('selected.hosts', unknown);
    return [...new Set(matched.map((h) => h.id))];
  }

  /** Label ids of exactly these names (400 naming the unknown ones, as Fleet does). */
  async labelIdsByNames(names: readonly string[]): Promise<number[]> {
    const found = await this.targets.labelsByNames(names);
    const known = new Set(found.map((l) => l.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) throw LiveQueriesError.unknownTargets('selected.labels', unknown);
    return found.map((l) => l.id);
  }
}

/** Fleet's target metrics: online, offline (seen in the last 30 days), missing in action (not seen for 30 days), new. */
export function metrics(hosts: readonly TargetHost[], now: Date): ResolvedTargets {
  const missingBefore = missingSince(now).getTime();
  const newAfter = newSince(now).getTime();
  const onlineIds: number[] = [];
  let missing = 0;
  let newHosts = 0;
  for (const h of hosts) {
    if (hostStatus(h, now) === 'online') onlineIds.push(h.id);
    else if (h.seenTime.getTime() <= missingBefore) missing++;
    if (h.createdAt.getTime() >= newAfter) newHosts++;
  }
  const count = hosts.length;
  return {
    hostIds: hosts.map((h) => h.id),
    onlineIds,
    totals: { count, online: onlineIds.length, offline: count - onlineIds.length - missing, missing_in_action: missing },
    newHosts,
  };
}
