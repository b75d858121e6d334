import { Inject, Injectable } from '@nestjs/common';
import { HOST_REFETCH, HOSTS_DELETE } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { BUS } from '@flotilla/platform-server';
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
  builtin_labels: unknown[];
}

/** The contract caps one delete request at this many ids. */
const DELETE_BATCH = 10_000;
const DELETE_TIMEOUT_MS = 30_000;

/**
 * The hosts API: reads go straight to the `hosts` table; writes (delete, refetch) are requests
 * to osquery-ingest, which owns the table and keeps hosts in memory.
 */
@Injectable()
export class HostsService {
  constructor(
    private readonly hosts: HostsRepository,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  async list(filters: HostFilters, options: HostListOptions): Promise<FleetHost[]> {
    const now = new Date();
    return (await this.hosts.list(filters, options, now)).map((h) => toFleetHost(h, now));
  }

  count(filters: HostFilters): Promise<number> {
    return this.hosts.count(filters, new Date());
  }

  async get(id: number): Promise<FleetHostDetail> {
    const host = await this.hosts.findById(id);
    if (!host) throw HostsError.notFound(`host ${id}`);
    return toFleetHostDetail(host, new Date());
  }

  async getByIdentifier(identifier: string): Promise<FleetHostDetail> {
    const host = await this.hosts.findByIdentifier(identifier);
    if (!host) throw HostsError.notFound(`host with identifier ${JSON.stringify(identifier)}`);
    return toFleetHostDetail(host, new Date());
  }

  async delete(id: number): Promise<void> {
    const { deleted } = await this.request(() => this.bus.request(HOSTS_DELETE, { hostIds: [id] }));
    if (deleted === 0) throw HostsError.notFound(`host ${id}`);
  }

  /** Deletes the given hosts, or every host matching `filters`; unknown ids are ignored (as Fleet does). */
  async deleteMany(target: { ids: readonly number[] } | { filters: HostFilters }): Promise<number> {
    const ids = 'ids' in target ? [...new Set(target.ids)] : await this.hosts.ids(target.filters, new Date());
    let deleted = 0;
    for (let i = 0; i < ids.length; i += DELETE_BATCH) {
      const hostIds = ids.slice(i, i + DELETE_BATCH);
      deleted += (await this.request(() => this.bus.request(HOSTS_DELETE, { hostIds }, { timeoutMs: DELETE_TIMEOUT_MS }))).deleted;
    }
    return deleted;
  }

  async refetch(id: number): Promise<void> {
    const { found } = await this.request(() => this.bus.request(HOST_REFETCH, { hostId: id }));
    if (!found) throw HostsError.notFound(`host ${id}`);
  }

  async summary(filters: { teamId?: number | null; platforms?: readonly string[] }): Promise<FleetHostSummary> {
    const counts = await this.hosts.summary(filters, new Date());
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
      builtin_labels: [],
    };
  }

  private async request<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw HostsError.fromBus(err);
    }
  }
}
