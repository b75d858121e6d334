import { Inject, Injectable } from '@nestjs/common';
import { AppConfigRepository, PackEntity, PackTargetEntity, QueryEntity, ScheduledQueryEntity, TeamEntity } from '@flotilla/platform-db';
import type { Database } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, MoreThan } from 'typeorm';
import type { ConfigPack, HostConfigSources, ScheduledReport } from './host-config.catalog';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads (read-only; api-gateway owns them) what host configs are built from: the global and team
 * agent options, scheduled saved queries, and enabled packs with their targets and queries.
 */
@Injectable()
export class HostConfigRepository {
  private readonly appConfig: AppConfigRepository;

  constructor(@Inject(DATABASE) private readonly db: Database) {
    this.appConfig = new AppConfigRepository(db);
  }

  async load(): Promise<HostConfigSources> {
    const m = this.db.manager;
    const [settings, teams, queries, packs, targets, packQueries] = await Promise.all([
      this.appConfig.get(),
      m.find(TeamEntity, { select: { id: true, config: true } }),
      m.find(QueryEntity, { where: { saved: true, scheduleInterval: MoreThan(0) }, order: { id: 'ASC' } }),
      m.find(PackEntity, { where: { disabled: false }, order: { id: 'ASC' } }),
      m.find(PackTargetEntity),
      m.find(ScheduledQueryEntity, { order: { id: 'ASC' } }),
    ]);
    const teamAgentOptions = new Map<number, Record<string, unknown>>();
    for (const t of teams) if (isObject(t.config?.['agent_options'])) teamAgentOptions.set(t.id, t.config['agent_options']);
    const globalOptions = settings?.['agent_options'];
    const packQueryIds = [...new Set(packQueries.map((q) => q.queryId))];
    const sql = new Map<number, string>();
    if (packQueryIds.length > 0) for (const q of await m.find(QueryEntity, { select: { id: true, query: true }, where: { id: In(packQueryIds) } })) sql.set(q.id, q.query);
    return {
      globalAgentOptions: isObject(globalOptions) ? globalOptions : null,
      teamAgentOptions,
      reports: queries.filter(isScheduled).map(
        (q): ScheduledReport => ({ id: q.id, teamId: q.teamId, name: q.name, query: q.query, interval: q.scheduleInterval, platform: q.platform, minOsqueryVersion: q.minOsqueryVersion, logging: q.loggingType }),
      ),
      packs: packs.map((p): ConfigPack => {
        const ids = (type: PackTargetEntity['type']) => new Set(targets.filter((t) => t.packId === p.id && t.type === type).map((t) => t.targetId));
        return {
          id: p.id,
          name: p.name,
          platform: p.platform,
          hostIds: ids('host'),
          labelIds: ids('label'),
          teamIds: ids('team'),
          queries: packQueries
            .filter((q) => q.packId === p.id && q.scheduleInterval > 0 && sql.has(q.queryId))
            .map((q) => ({ name: q.name, query: sql.get(q.queryId) ?? '', interval: q.scheduleInterval, snapshot: q.snapshot, removed: q.removed, platform: q.platform, version: q.version, shard: q.shard, denylist: q.denylist })),
        };
      }),
    };
  }
}

/**
 * Fleet sends a report to hosts only when its results go somewhere: to the log destinations
 * (automations on) or into the stored report (snapshot logging, data not discarded).
 */
function isScheduled(q: QueryEntity): boolean {
  return q.automationsEnabled || (!q.discardData && q.loggingType === 'snapshot');
}
