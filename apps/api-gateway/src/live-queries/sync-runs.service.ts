import { Inject, Injectable } from '@nestjs/common';
import type { CampaignResult } from '@flotilla/contracts';
import { API_GATEWAY_SETTINGS } from '../api-gateway.tokens';
import { assertCan } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { osquerySqlProblem } from '../common/osquery-sql';
import type { ApiGatewaySettings } from '../config/api-gateway.config';
import { hostStatus } from '../hosts/host-status';
import { HostsRepository } from '../hosts/hosts.repository';
import { CampaignStreamService } from './campaign-stream.service';
import { CampaignTargetsRepository, toTargetHost, type TargetHost } from './campaign-targets.repository';
import { CampaignsService, type StartedCampaign } from './campaigns.service';
import { LiveQueriesError } from './live-queries.errors';

export type ResultRow = CampaignResult['rows'][number];

/** One host's part of a synchronous run. */
export interface FleetQueryResult {
  host_id: number;
  rows: ResultRow[];
  error: string | null;
}

/** `POST /queries/:id/run`. */
export interface FleetSyncRun {
  query_id: number;
  targeted_host_count: number;
  responded_host_count: number;
  results: FleetQueryResult[];
}

/** `POST /hosts/:id/query`. */
export interface FleetHostQuery {
  host_id: number;
  query: string;
  status: 'online' | 'offline';
  error: string | null;
  rows: ResultRow[];
}

/** Fleet's text for a host that did not answer within the rest period. */
export const TIMEOUT_ERROR = 'timeout waiting for results';
/** A targeted host that was offline at launch and did not answer: not waited for. */
export const OFFLINE_ERROR = 'host is offline';

/**
 * Fleet's synchronous live queries: start a campaign, wait (at most FLOTILLA_LIVE_QUERY_REST_PERIOD)
 * until every host that was online at launch has answered, then stop the campaign and answer
 * with what came in. Offline hosts are not waited for; a client that goes away ends the wait.
 */
@Injectable()
export class SyncRunsService {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly streams: CampaignStreamService,
    private readonly targets: CampaignTargetsRepository,
    private readonly hosts: HostsRepository,
    @Inject(API_GATEWAY_SETTINGS) private readonly settings: ApiGatewaySettings,
  ) {}

  /** A saved query on `hostIds`; every targeted host gets an entry: its rows and osquery's error, or why it has none. */
  async runSaved(principal: Principal, queryId: number, hostIds: readonly number[], signal?: AbortSignal): Promise<FleetSyncRun> {
    const started = await this.campaigns.create(principal, { queryId }, { hosts: [...hostIds], labels: [], teams: [] });
    const answers = await this.collect(started, signal);
    const online = new Set(started.targets.onlineIds);
    return {
      query_id: started.campaign.queryId,
      targeted_host_count: started.targets.hostIds.length,
      responded_host_count: answers.size,
      results: started.targets.hostIds.map((id) => {
        const answer = answers.get(id);
        return answer ? { host_id: id, rows: answer.rows, error: answer.error } : { host_id: id, rows: [], error: online.has(id) ? TIMEOUT_ERROR : OFFLINE_ERROR };
      }),
    };
  }

  /** New SQL on one host (by id or identifier): an offline host answers at once, without a campaign. */
  async runOnHost(principal: Principal, host: { id: number } | { identifier: string }, sql: string, signal?: AbortSignal): Promise<FleetHostQuery> {
    const target = await this.host(host);
    assertCan(principal, 'query.run', target.teamId, () => AuthzError.forbidden('you may not run live queries on this host'));
    const problem = osquerySqlProblem(sql);
    if (problem !== null) throw LiveQueriesError.invalidSql(problem);
    if (hostStatus(target, new Date()) === 'offline') return { host_id: target.id, query: sql, status: 'offline', error: null, rows: [] };
    const started = await this.campaigns.create(principal, { sql }, { hosts: [target.id], labels: [], teams: [] });
    const answer = (await this.collect(started, signal)).get(target.id);
    return { host_id: target.id, query: sql, status: 'online', error: answer ? answer.error : TIMEOUT_ERROR, rows: answer?.rows ?? [] };
  }

  /** Follows the campaign until the hosts online at launch have all answered, the rest period ends or `signal` aborts; stops it. */
  private async collect(started: StartedCampaign, signal?: AbortSignal): Promise<Map<number, CampaignResult>> {
    const waiting = new Set(started.targets.onlineIds);
    const answers = new Map<number, CampaignResult>();
    let done = (): void => undefined;
    const over = new Promise<void>((resolve) => (done = resolve));
    const stream = await this.streams.open(started.campaign, {
      totals: () => undefined,
      status: () => undefined,
      result: (r) => {
        answers.set(r.host.id, r);
        waiting.delete(r.host.id);
        if (waiting.size === 0) done();
      },
    });
    const timer = setTimeout(done, this.settings.liveQueryRestPeriodMs);
    signal?.addEventListener('abort', done, { once: true });
    if (waiting.size === 0 || signal?.aborted) done();
    try {
      await over;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      await stream.close();
    }
    return answers;
  }

  private async host(ref: { id: number } | { identifier: string }): Promise<TargetHost> {
    if ('id' in ref) {
      const [found] = await this.targets.hosts([ref.id]);
      if (!found) throw LiveQueriesError.hostNotFound(`host ${ref.id}`);
      return found;
    }
    const found = await this.hosts.findByIdentifier(ref.identifier);
    if (!found) throw LiveQueriesError.hostNotFound(`host with identifier ${JSON.stringify(ref.identifier)}`);
    return toTargetHost(found);
  }
}
