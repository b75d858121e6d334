import { Injectable } from '@nestjs/common';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan, listScope } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import type { HostFilters } from '../hosts/host-query.types';
import { HostsRepository } from '../hosts/hosts.repository';
import { OsqueryIngestClient } from './osquery-ingest.client';
import { accessibleTeam } from './team-access';
import { TeamsRepository } from './teams.repository';

const forbidden = (): Error => AuthzError.forbidden();

/**
 * Moves hosts between teams (`teamId: null` = no team). The caller needs `host.transfer` on the
 * destination and on every team the hosts leave; osquery-ingest, owner of `hosts`, moves them.
 */
@Injectable()
export class HostTransferService {
  constructor(
    private readonly hosts: HostsRepository,
    private readonly teams: TeamsRepository,
    private readonly osqueryIngest: OsqueryIngestClient,
    private readonly activities: ActivitiesService,
  ) {}

  /** Moves the listed hosts; unknown ids are ignored. Returns how many hosts moved. */
  async transfer(principal: Principal, teamId: number | null, hostIds: readonly number[]): Promise<number> {
    const teamName = await this.destination(principal, teamId);
    const ids = [...new Set(hostIds)];
    for (const source of await this.hosts.teamsOf(ids)) assertCan(principal, 'host.transfer', source, forbidden);
    return this.move(principal, teamId, teamName, ids);
  }

  /** Moves every host matching `filters` among those the caller may move. */
  async transferByFilter(principal: Principal, teamId: number | null, filters: HostFilters): Promise<number> {
    const teamName = await this.destination(principal, teamId);
    const scoped = { ...filters, ...listScope(principal, 'host.transfer', filters.teamId, forbidden) };
    return this.move(principal, teamId, teamName, await this.hosts.ids(scoped, new Date()));
  }

  /** The destination's name (null for no team), once the caller may move hosts into it. */
  private async destination(principal: Principal, teamId: number | null): Promise<string | null> {
    if (teamId === null) {
      assertCan(principal, 'host.transfer', null, forbidden);
      return null;
    }
    return (await accessibleTeam(this.teams, principal, 'host.transfer', teamId)).name;
  }

  private async move(principal: Principal, teamId: number | null, teamName: string | null, ids: readonly number[]): Promise<number> {
    const hosts = await this.hosts.displayNames(ids);
    if (hosts.length === 0) return 0;
    const moved = await this.osqueryIngest.transferHosts(
      hosts.map((h) => h.id),
      teamId,
    );
    await this.activities.record(principal, 'transferred_hosts', {
      team_id: teamId,
      team_name: teamName,
      host_ids: hosts.map((h) => h.id),
      host_display_names: hosts.map((h) => h.displayName),
    });
    return moved;
  }
}
