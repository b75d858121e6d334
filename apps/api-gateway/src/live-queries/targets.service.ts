import { Injectable } from '@nestjs/common';
import { scopeOf } from '../authz/authorizer';
import type { Principal } from '../authz/principal';
import { fleetTime } from '../hosts/host-view.mapper';
import type { FleetHost } from '../hosts/host-view.types';
import { HostsService } from '../hosts/hosts.service';
import { toFleetLabel, type FleetLabel } from '../labels/label-view.mapper';
import { LabelsRepository } from '../labels/labels.repository';
import { hostScope } from '../labels/labels.service';
import { TeamsRepository } from '../teams/teams.repository';
import { CampaignTargetsService } from './campaign-targets.service';
import type { Selected } from './live-queries.params';

/** Fleet's target metrics (`/targets`, `/targets/count`). */
export interface FleetTargetMetrics {
  targets_count: number;
  targets_online: number;
  targets_offline: number;
  targets_missing_in_action: number;
}

/** A team as the target picker shows it: no secrets, no agent options. */
export interface FleetTargetTeam {
  id: number;
  created_at: string;
  name: string;
  description: string;
  user_count: number;
  host_count: number;
  display_text: string;
  count: number;
}

export interface FleetTargets extends FleetTargetMetrics {
  targets: { hosts: FleetHost[]; labels: FleetLabel[]; teams: FleetTargetTeam[] };
}

/** Hosts returned per search (Fleet's target search returns a short list too). */
export const HOST_SEARCH_LIMIT = 10;

/**
 * Fleet's target picker: hosts, labels and teams matching a search text (hostnames, UUIDs,
 * serials, IPs; label and team names) that are not selected yet, and the metrics of what is
 * selected — all within the hosts and teams the caller may see.
 */
@Injectable()
export class TargetsService {
  constructor(
    private readonly targets: CampaignTargetsService,
    private readonly hosts: HostsService,
    private readonly labels: LabelsRepository,
    private readonly teams: TeamsRepository,
  ) {}

  async search(principal: Principal, search: string, selected: Selected): Promise<FleetTargets> {
    const [hosts, labels, teams, metrics] = await Promise.all([this.searchHosts(principal, search, selected), this.searchLabels(principal, search, selected), this.searchTeams(principal, search, selected), this.count(principal, selected)]);
    return { targets: { hosts, labels, teams }, ...metrics };
  }

  async count(principal: Principal, selected: Selected): Promise<FleetTargetMetrics> {
    const { totals } = await this.targets.resolve(principal, 'host.read', selected);
    return { targets_count: totals.count, targets_online: totals.online, targets_offline: totals.offline, targets_missing_in_action: totals.missing_in_action };
  }

  private async searchHosts(principal: Principal, search: string, selected: Selected): Promise<FleetHost[]> {
    const skip = new Set(selected.hosts);
    const found = await this.hosts.list(principal, search ? { query: search } : {}, { offset: 0, limit: HOST_SEARCH_LIMIT + skip.size, orderKey: 'seen_time', direction: 'DESC' });
    return found.filter((h) => !skip.has(h.id)).slice(0, HOST_SEARCH_LIMIT);
  }

  private async searchLabels(principal: Principal, search: string, selected: Selected): Promise<FleetLabel[]> {
    const skip = new Set(selected.labels);
    const needle = search.toLowerCase();
    const rows = (await this.labels.list({ orderKey: 'id', direction: 'ASC', offset: 0 })).filter((l) => !skip.has(l.id) && l.name.toLowerCase().includes(needle));
    const counts = await this.labels.hostCounts(rows, hostScope(principal));
    return rows.map((l) => toFleetLabel(l, counts.get(l.id) ?? 0));
  }

  private async searchTeams(principal: Principal, search: string, selected: Selected): Promise<FleetTargetTeam[]> {
    const scope = scopeOf(principal, 'host.read');
    const skip = new Set(selected.teams);
    const rows = (await this.teams.list({ ...(scope === 'all' ? {} : { withinTeams: scope }), ...(search ? { query: search } : {}), orderKey: 'name', direction: 'ASC', offset: 0 })).filter((t) => !skip.has(t.id));
    const ids = rows.map((t) => t.id);
    const [hostCounts, userCounts] = await Promise.all([this.teams.hostCounts(ids), this.teams.userCounts(ids)]);
    return rows.map((t) => {
      const hostCount = hostCounts.get(t.id) ?? 0;
      return { id: t.id, created_at: fleetTime(t.createdAt), name: t.name, description: t.description, user_count: userCounts.get(t.id) ?? 0, host_count: hostCount, display_text: t.name, count: hostCount };
    });
  }
}
