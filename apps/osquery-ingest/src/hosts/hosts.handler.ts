import { Inject, Injectable } from '@nestjs/common';
import { HOST_CHANGED, HOST_REFETCH, HOSTS_DELETE, HOSTS_TRANSFER, HOSTS_TRANSFERRED } from '@flotilla/contracts';
import type { PayloadOf } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { BUS, BusHandlers, OnEvent, OnRequest } from '@flotilla/platform-server';
import { DistributedService } from '../distributed/distributed.service';
import { HostStateCache } from './host-state.cache';
import { MembershipRepository } from '../labels-policies/membership.repository';
import { QueryReportsRepository } from '../query-reports/query-reports.repository';
import { HostsRepository } from './hosts.repository';
import { SeenTimesService } from './seen-times.service';

/**
 * The owner side of the host contracts: api-gateway deletes hosts, requests refetches and moves
 * hosts between teams through here; every replica then hears HOST_CHANGED / HOSTS_TRANSFERRED
 * and updates its in-memory state (a deleted host's node key stops working at once, so its
 * agent re-enrolls; a moved host is served its new team at its next check-in).
 */
@BusHandlers('osquery-ingest')
@Injectable()
export class HostsHandler {
  constructor(
    private readonly hosts: HostsRepository,
    private readonly memberships: MembershipRepository,
    private readonly reports: QueryReportsRepository,
    private readonly cache: HostStateCache,
    private readonly seen: SeenTimesService,
    private readonly distributed: DistributedService,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  @OnRequest(HOSTS_DELETE)
  async delete(req: { hostIds: number[] }): Promise<{ deleted: number }> {
    const deleted = await this.hosts.deleteByIds(req.hostIds, async (tx, ids) => {
      await this.memberships.forgetHosts(tx, ids);
      await this.reports.forgetHosts(tx, ids);
    });
    if (deleted.length > 0) await this.announce({ hostIds: deleted, change: 'deleted' });
    return { deleted: deleted.length };
  }

  @OnRequest(HOST_REFETCH)
  async refetch(req: { hostId: number }): Promise<{ found: boolean }> {
    const found = await this.hosts.requestRefetch(req.hostId);
    if (found) await this.announce({ hostIds: [req.hostId], change: 'refetch_requested' });
    return { found };
  }

  @OnRequest(HOSTS_TRANSFER)
  async transfer(req: { hostIds: number[]; teamId: number | null }): Promise<{ transferred: number }> {
    const moved = await this.hosts.transfer(req.hostIds, req.teamId, async (tx, ids) => {
      await this.memberships.dropOtherTeamsPolicies(tx, ids, req.teamId);
      await this.reports.dropOtherTeamsResults(tx, ids, req.teamId);
    });
    if (moved.length > 0) {
      const event = { hostIds: moved, teamId: req.teamId };
      this.transferred(event);
      await this.bus.publish(HOSTS_TRANSFERRED, event);
    }
    return { transferred: moved.length };
  }

  /** Applies the change here at once (the caller sees it on its next request), then tells the other replicas. */
  private async announce(event: PayloadOf<typeof HOST_CHANGED>): Promise<void> {
    this.changed(event);
    await this.bus.publish(HOST_CHANGED, event);
  }

  /** Hosts this replica holds in memory take their new team (the others read it from the database when they first check in here). */
  @OnEvent(HOSTS_TRANSFERRED, { broadcast: true })
  transferred(event: PayloadOf<typeof HOSTS_TRANSFERRED>): void {
    for (const id of event.hostIds) {
      const state = this.cache.byId(id);
      if (state && state.teamId !== event.teamId) this.cache.put({ ...state, teamId: event.teamId });
    }
  }

  @OnEvent(HOST_CHANGED, { broadcast: true })
  changed(event: PayloadOf<typeof HOST_CHANGED>): void {
    for (const id of event.hostIds) {
      if (event.change === 'deleted') {
        this.cache.evict(id);
        this.seen.forget(id);
        this.distributed.forget(id);
      } else {
        const state = this.cache.byId(id);
        if (state) this.cache.put({ ...state, refetchRequested: true, refetchRequestedAt: Date.now() });
        this.distributed.forget(id);
      }
    }
  }
}
