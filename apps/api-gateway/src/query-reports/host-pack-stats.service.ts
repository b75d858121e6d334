import { Injectable } from '@nestjs/common';
import type { HostEntity } from '@flotilla/platform-db';
import { fleetTime } from '../hosts/host-view.mapper';
import { isLinuxPlatform } from '../hosts/host-platforms';
import { TeamsRepository } from '../teams/teams.repository';
import { QueryReportsRepository, type HostScheduledQuery } from './query-reports.repository';

/** Fleet's "never ran" for a scheduled query's last_executed. */
export const NEVER_EXECUTED = '2000-01-01T00:00:00Z';

interface FleetStatsCommon {
  description: string;
  pack_name: string;
  average_memory: number;
  denylisted: boolean;
  executions: number;
  interval: number;
  discard_data: boolean;
  automations_enabled: boolean;
  last_fetched: string | null;
  last_executed: string;
  output_size: number;
  system_time: number;
  user_time: number;
  wall_time: number;
}

/** One scheduled query's performance on the host, under Fleet's `query_stats` names. */
export interface FleetScheduledQueryStats extends FleetStatsCommon {
  scheduled_query_name: string;
  scheduled_query_id: number;
  query_name: string;
}

/** The same under 4.86's `report_stats` names. */
export interface FleetScheduledReportStats extends FleetStatsCommon {
  scheduled_report_name: string;
  scheduled_report_id: number;
  report_name: string;
}

/** One entry of a host's `pack_stats`: the Global scheduled queries, or the host's team's. */
export interface FleetPackStats {
  pack_id: number;
  pack_name: string;
  type: string;
  query_stats: FleetScheduledQueryStats[];
  report_stats: FleetScheduledReportStats[];
}

/** osquery's platform family of a host platform (what a query's `platform` list names). */
function platformFamily(platform: string): string {
  return isLinuxPlatform(platform) ? 'linux' : platform;
}

/**
 * Fleet's selection: queries with stats or a result on the host, and the scheduled ones that run
 * on its platform and either log to the destinations or keep a report.
 */
function applies(q: HostScheduledQuery, hostPlatform: string): boolean {
  if (q.stats || q.result) return true;
  if (q.scheduleInterval <= 0) return false;
  const platforms = q.platform.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (platforms.length > 0 && !platforms.includes(platformFamily(hostPlatform))) return false;
  return Boolean(q.automationsEnabled) || (q.loggingType === 'snapshot' && !q.discardData);
}

function statsOf(q: HostScheduledQuery, packName: string): FleetStatsCommon {
  const s = q.stats;
  return {
    description: q.description,
    pack_name: packName,
    average_memory: s?.memory ?? 0,
    denylisted: Boolean(s?.denylisted),
    executions: s?.executions ?? 0,
    interval: q.scheduleInterval,
    discard_data: Boolean(q.discardData),
    automations_enabled: Boolean(q.automationsEnabled),
    last_fetched: q.result ? fleetTime(q.result.lastFetched) : null,
    last_executed: s?.lastExecuted ? fleetTime(s.lastExecuted) : NEVER_EXECUTED,
    output_size: s?.outputSize ?? 0,
    system_time: s?.systemTime ?? 0,
    user_time: s?.userTime ?? 0,
    wall_time: s?.wallTimeMs ?? 0,
  };
}

/** A host's `pack_stats` entry for the given queries (Fleet: pack id 0, named "Global" or "Team: <name>"). */
export function toFleetPackStats(packName: string, type: string, queries: readonly HostScheduledQuery[]): FleetPackStats {
  return {
    pack_id: 0,
    pack_name: packName,
    type,
    query_stats: queries.map((q) => ({ scheduled_query_name: q.name, scheduled_query_id: q.id, query_name: q.name, ...statsOf(q, packName) })),
    report_stats: queries.map((q) => ({ scheduled_report_name: q.name, scheduled_report_id: q.id, report_name: q.name, ...statsOf(q, packName) })),
  };
}

/**
 * The host detail's `pack_stats`: how the global and the host's team's scheduled queries
 * performed on the host (from the `scheduled_query_stats` detail query) and when their report
 * was last fetched — one indexed read, plus the team's name when the team has any.
 */
@Injectable()
export class HostPackStatsService {
  constructor(
    private readonly reports: QueryReportsRepository,
    private readonly teams: TeamsRepository,
  ) {}

  async forHost(host: Pick<HostEntity, 'id' | 'teamId' | 'platform'>): Promise<FleetPackStats[]> {
    const queries = (await this.reports.scheduleOf(host)).filter((q) => applies(q, host.platform));
    const global = queries.filter((q) => q.teamId === null);
    const team = queries.filter((q) => q.teamId !== null && q.teamId === host.teamId);
    const packs: FleetPackStats[] = [];
    if (global.length > 0) packs.push(toFleetPackStats('Global', 'global', global));
    if (team.length > 0 && host.teamId !== null) {
      const name = (await this.teams.findById(host.teamId))?.name ?? `team-${host.teamId}`;
      packs.push(toFleetPackStats(`Team: ${name}`, `team-${host.teamId}`, team));
    }
    return packs;
  }
}
