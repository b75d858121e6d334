import { Inject, Injectable } from '@nestjs/common';
import { CAMPAIGN_START, type CampaignView } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { BUS } from '@flotilla/platform-server';
import { ActivitiesService } from '../activities/activities.service';
import { canSomewhere } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Action } from '../authz/permissions';
import type { Principal } from '../authz/principal';
import { osquerySqlProblem } from '../common/osquery-sql';
import { QueriesService } from '../queries/queries.service';
import { CampaignTargetsService, type ResolvedTargets } from './campaign-targets.service';
import { LiveQueriesError } from './live-queries.errors';
import type { QueryChoice, Selected } from './live-queries.params';

/** A campaign just started, with what its launch resolved. */
export interface StartedCampaign {
  campaign: CampaignView;
  targets: ResolvedTargets;
  /** The saved query's name (undefined for new SQL). */
  queryName?: string;
}

/** What a run executes, after the permission checks. */
interface Runnable {
  sql: string;
  /** The saved query, or undefined for new SQL (stored hidden once the targets are known). */
  saved?: { id: number; name: string; teamId: number | null };
  action: Action;
}

/** Enough for a big selection to be written to the cache and broadcast. */
const START_TIMEOUT_MS = 30_000;

/**
 * Starts live-query campaigns (Fleet's `NewDistributedQueryCampaign`). New SQL needs `query.run`;
 * a saved query needs `query.run_saved` when observers may run it, `query.run` otherwise — and the
 * targets are checked against the teams where the principal holds that right. New SQL is stored
 * as a hidden query; live-query owns the campaign from CAMPAIGN_START on. Each launch is recorded
 * as a `live_query` activity.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly queries: QueriesService,
    private readonly targets: CampaignTargetsService,
    private readonly activities: ActivitiesService,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  async create(principal: Principal, what: QueryChoice, selected: Selected): Promise<StartedCampaign> {
    const runnable = await this.runnable(principal, what);
    const targets = await this.targets.resolve(principal, runnable.action, selected, { queryTeamId: runnable.saved?.teamId ?? null });
    if (targets.hostIds.length === 0) throw LiveQueriesError.noHostsTargeted();
    const queryId = runnable.saved?.id ?? (await this.queries.saveHidden(principal, runnable.sql));
    let campaign: CampaignView;
    try {
      ({ campaign } = await this.bus.request(
        CAMPAIGN_START,
        { sql: runnable.sql, queryId, userId: principal.user?.id ?? null, hostIds: targets.hostIds, totals: targets.totals, recordStats: runnable.saved !== undefined },
        { timeoutMs: START_TIMEOUT_MS },
      ));
    } catch (err) {
      throw LiveQueriesError.fromBus(err);
    }
    await this.activities.record(principal, 'live_query', {
      targets_count: targets.totals.count,
      query_sql: runnable.sql,
      ...(runnable.saved ? { query_name: runnable.saved.name } : {}),
    });
    return { campaign, targets, ...(runnable.saved ? { queryName: runnable.saved.name } : {}) };
  }

  /** The SQL to run and the right it needs; 403 before anything else is looked at, 422 for SQL that is not a read. */
  private async runnable(principal: Principal, what: QueryChoice): Promise<Runnable> {
    if ('sql' in what) {
      requireSomewhere(principal, 'query.run');
      const problem = osquerySqlProblem(what.sql);
      if (problem !== null) throw LiveQueriesError.invalidSql(problem);
      return { sql: what.sql, action: 'query.run' };
    }
    requireSomewhere(principal, 'query.run_saved');
    const query = await this.queries.getRunnable(principal, what.queryId);
    const action: Action = query.observerCanRun ? 'query.run_saved' : 'query.run';
    requireSomewhere(principal, action);
    return { sql: query.query, saved: { id: query.id, name: query.name, teamId: query.teamId }, action };
  }
}

function requireSomewhere(principal: Principal, action: Action): void {
  if (!canSomewhere(principal, action)) {
    throw AuthzError.forbidden(action === 'query.run' ? 'your role may run only saved queries that observers can run' : 'your role may not run live queries');
  }
}
