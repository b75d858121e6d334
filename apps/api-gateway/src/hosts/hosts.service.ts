import { Inject, Injectable } from '@nestjs/common';
import { HOST_REFETCH, HOSTS_DELETE } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { BUS } from '@flotilla/platform-server';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan, listScope } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Action } from '../authz/permissions';
import type { Principal } from '../authz/principal';
import type { HostEntity } from '@flotilla/platform-db';
import { toFleetHostLabel } from '../labels/label-view.mapper';
import { LabelsRepository } from '../labels/labels.repository';
import { HostPoliciesService } from '../policies/host-policies.service';
import { HostPackStatsService } from '../query-reports/host-pack-stats.service';
import type { HostFilters, HostListOptions } from './host-query.types';
import { isLinuxPlatform } from './host-platforms';
import { toFleetHost, toFleetHostDetail } from './host-view.mapper';
import type { FleetHost, FleetHostDetail } from './host-view.types';
import { HostsError } from './hosts.errors';
import { HostsRepository } from './hosts.repository';

/** Fleet's `GET /host_summary` body. */
export interface FleetHostSummary {
  team_id?: number;
  totals_hosts_count: number;
  online_count: number;
  offline_count: number;
  mia_count: number;
  missing_30_days_count: number;
  new_count: number;
  all_linux_count: number;
  dep_assign_error_count: number;
  platforms: Array<{ platform: string; hosts_count: number }>;
  /** Fleet's builtin labels (for the dashboard's platform filters). */
  builtin_labels: Array<{ id: number; name: string; description: string; label_type: 'builtin'; team_id: null; fleet_id: null }>;
}

/** The contract caps one delete request at this many ids. */
const DELETE_BATCH = 10_000;
const DELETE_TIMEOUT_MS = 30_000;

const forbidden = (): Error => AuthzError.forbidden();

/**
 * The hosts API: reads go straight to the `hosts` table; writes (delete, refetch) are requests
 * to osquery-ingest, which owns the table and keeps hosts in memory. Users with team roles see
 * and touch only their teams' hosts: lists are filtered, a single host outside them is 403.
 */
@Injectable()
export class HostsService {
  constructor(
    private readonly hosts: HostsRepository,
    private readonly labels: LabelsRepository,
    private readonly policies: HostPoliciesService,
    private readonly packStats: HostPackStatsService,
    private readonly activities: ActivitiesService,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  async list(principal: Principal, filters: HostFilters, options: HostListOptions): Promise<FleetHost[]> {
    const now = new Date();
    const rows = await this.hosts.list(this.scoped(principal, 'host.read', filters), options, now);
    const failing = await this.policies.failingCounts(rows.map((h) => h.id));
    return rows.map((h) => withFailingPolicies(toFleetHost(h, now), failing.get(h.id) ?? 0));
  }

  count(principal: Principal, filters: HostFilters): Promise<number> {
    return this.hosts.count(this.scoped(principal, 'host.read', filters), new Date());
  }

  async get(principal: Principal, id: number): Promise<FleetHostDetail> {
    return this.detail(await this.visible(principal, 'host.read', id));
  }

  async getByIdentifier(principal: Principal, identifier: string): Promise<FleetHostDetail> {
    const host = await this.hosts.findByIdentifier(identifier);
    if (!host) throw HostsError.notFound(`host with identifier ${JSON.stringify(identifier)}`);
    assertCan(principal, 'host.read_by_identifier', host.teamId, forbidden);
    return this.detail(host);
  }

  async delete(principal: Principal, id: number): Promise<void> {
    const host = await this.visible(principal, 'host.delete', id);
    const { deleted } = await this.request(() => this.bus.request(HOSTS_DELETE, { hostIds: [id] }));
    if (deleted === 0) throw HostsError.notFound(`host ${id}`);
    await this.activities.record(principal, 'deleted_host', { host_id: id, host_display_name: host.computerName || host.hostname, host_serial: host.hardwareSerial });
  }

  /**
   * Deletes the given hosts, or every host matching `filters` (within the caller's teams);
   * unknown ids are ignored (as Fleet does); an id of a host outside the caller's teams is 403
   * and deletes nothing.
   */
  async deleteMany(principal: Principal, target: { ids: readonly number[] } | { filters: HostFilters }): Promise<number> {
    let ids: number[];
    if ('ids' in target) {
      ids = [...new Set(target.ids)];
      for (const teamId of await this.hosts.teamsOf(ids)) assertCan(principal, 'host.delete', teamId, forbidden);
    } else {
      ids = await this.hosts.ids(this.scoped(principal, 'host.delete', target.filters), new Date());
    }
    let deleted = 0;
    for (let i = 0; i < ids.length; i += DELETE_BATCH) {
      const hostIds = ids.slice(i, i + DELETE_BATCH);
      deleted += (await this.request(() => this.bus.request(HOSTS_DELETE, { hostIds }, { timeoutMs: DELETE_TIMEOUT_MS }))).deleted;
    }
    if (deleted > 0) await this.activities.record(principal, 'deleted_hosts', { host_ids: ids, host_count: deleted });
    return deleted;
  }

  async refetch(principal: Principal, id: number): Promise<void> {
    await this.visible(principal, 'host.refetch', id);
    const { found } = await this.request(() => this.bus.request(HOST_REFETCH, { hostId: id }));
    if (!found) throw HostsError.notFound(`host ${id}`);
  }

  async summary(principal: Principal, filters: { teamId?: number | null; platforms?: readonly string[] }): Promise<FleetHostSummary> {
    const [counts, builtins] = await Promise.all([this.hosts.summary(this.scoped(principal, 'host.read', filters), new Date()), this.labels.builtins()]);
    return {
      ...(typeof filters.teamId === 'number' ? { team_id: filters.teamId } : {}),
      totals_hosts_count: counts.total,
      online_count: counts.online,
      offline_count: counts.total - counts.online,
      mia_count: counts.missing,
      missing_30_days_count: counts.missing,
      new_count: counts.new,
      all_linux_count: counts.platforms.filter((p) => isLinuxPlatform(p.platform)).reduce((n, p) => n + p.count, 0),
      dep_assign_error_count: 0,
      platforms: counts.platforms.map((p) => ({ platform: p.platform, hosts_count: p.count })),
      builtin_labels: builtins.map((l) => ({ id: l.id, name: l.name, description: l.description, label_type: 'builtin' as const, team_id: null, fleet_id: null })),
    };
  }

  /** A host's detail, with the labels it belongs to, the policies that apply to it (with its answers) and its scheduled queries' stats. */
  private async detail(host: HostEntity): Promise<FleetHostDetail> {
    const [labels, policies, packStats] = await Promise.all([this.labels.forHost(host), this.policies.forHost(host), this.packStats.forHost(host)]);
    const detail = toFleetHostDetail(host, new Date(), { labels: labels.map(toFleetHostLabel), pack_stats: packStats });
    return { ...withFailingPolicies(detail, policies.failingCount), policies: policies.policies };
  }

  /** The host, if it exists and `principal` may perform `action` on it (404 / 403 otherwise). */
  private async visible(principal: Principal, action: Action, id: number): Promise<HostEntity> {
    const host = await this.hosts.findById(id);
    if (!host) throw HostsError.notFound(`host ${id}`);
    assertCan(principal, action, host.teamId, forbidden);
    return host;
  }

  private scoped<F extends { teamId?: number | null }>(principal: Principal, action: Action, filters: F): F & { withinTeams?: number[] } {
    return { ...filters, ...listScope(principal, action, filters.teamId, forbidden) };
  }

  private async request<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw HostsError.fromBus(err);
    }
  }
}

/** The host's `issues` with its failing policies counted in. */
function withFailingPolicies<H extends FleetHost | FleetHostDetail>(host: H, failing: number): H {
  return { ...host, issues: { ...host.issues, failing_policies_count: failing, total_issues_count: failing + host.issues.critical_vulnerabilities_count } };
}
