import { Inject, Injectable } from '@nestjs/common';
import { QUERIES_CHANGED } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { isDuplicateKey, type QueryEntity } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, LOGGER } from '@flotilla/platform-server';
import { ActivitiesService } from '../activities/activities.service';
import { can } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Action } from '../authz/permissions';
import type { Principal } from '../authz/principal';
import { osquerySqlProblem } from '../common/osquery-sql';
import { PackReferencesService } from '../packs/pack-references.service';
import { accessibleTeam } from '../teams/team-access';
import { TeamsRepository } from '../teams/teams.repository';
import { QueriesError } from './queries.errors';
import type { QueryBody, QueryListOptions } from './queries.params';
import { QueriesRepository, type QueryDefinition } from './queries.repository';
import { canReadQuery, canWriteQuery } from './query-access';
import { scheduledFor, toQueryList, type FleetQueryList } from './query-list';
import { changesOf, resolveQueryContent, type QueryContent } from './query-rules';
import { toFleetQuery, type FleetQuery } from './query-view.mapper';

/** A team as queries name it in activities (`null`: global). */
export interface QueryTeam {
  id: number | null;
  name: string | null;
}

/** What a live query needs of a saved query (for `getRunnable`). */
export interface RunnableQuery {
  id: number;
  name: string;
  query: string;
  teamId: number | null;
  observerCanRun: boolean;
  platform: string;
  minOsqueryVersion: string;
}

const forbidden = (): Error => AuthzError.forbidden();
const NAME_PREFIX = 'distributed_';
/** `distributed_<who>_<19-digit ns>` must fit the 255-character name column. */
const MAX_WHO = 255 - NAME_PREFIX.length - 1 - 19;
/** An ad-hoc live query: Fleet's defaults, never scheduled. */
const HIDDEN_DEFAULTS: Omit<QueryContent, 'name' | 'query'> = {
  description: '',
  scheduleInterval: 0,
  platform: '',
  minOsqueryVersion: '',
  automationsEnabled: false,
  loggingType: 'snapshot',
  observerCanRun: false,
  discardData: false,
};

/** Now, in Unix nanoseconds (millisecond clock, sub-millisecond digits from the monotonic clock). */
const unixNanos = (): string => `${Date.now()}${String(process.hrtime.bigint() % 1_000_000n).padStart(6, '0')}`;

/** The team a body names (`team_id`, or 4.86's `fleet_id`; 0 or null = global); undefined if neither is given. */
export function bodyTeam(body: Pick<QueryBody, 'team_id' | 'fleet_id'>): number | null | undefined {
  const raw = body.team_id !== undefined ? body.team_id : body.fleet_id;
  return raw === undefined ? undefined : raw === null || raw === 0 ? null : raw;
}

export function activityDetails(id: number, name: string, team: QueryTeam): Record<string, unknown> {
  return { query_id: id, query_name: name, team_id: team.id, team_name: team.name };
}

/**
 * Fleet's saved queries ("reports"): global ones (everyone reads them, global roles write them)
 * and team ones (checked against their team; team maintainers change only their own). Ad-hoc
 * live queries are stored hidden (`saved` false) and never listed. Every change is recorded as an
 * activity and announced with QUERIES_CHANGED.
 */
@Injectable()
export class QueriesService {
  constructor(
    private readonly queries: QueriesRepository,
    private readonly teams: TeamsRepository,
    private readonly activities: ActivitiesService,
    private readonly packs: PackReferencesService,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Saved queries of the global scope or a team (with the global ones when `mergeInherited`), in Fleet's list shape. */
  async list(principal: Principal, o: QueryListOptions): Promise<FleetQueryList> {
    await this.scope(principal, 'query.read', o.teamId);
    const teams = o.teamId === null ? [null] : o.mergeInherited ? [null, o.teamId] : [o.teamId];
    const rows = (await this.queries.list(teams, o.query)).filter(o.platform ? scheduledFor(o.platform) : () => true);
    const inherited = o.teamId === null ? 0 : rows.filter((q) => q.teamId === null).length;
    return toQueryList(await this.views(rows), o, inherited);
  }

  async get(principal: Principal, id: number): Promise<FleetQuery> {
    const query = await this.found(id);
    if (!canReadQuery(principal, query.teamId)) throw forbidden();
    return this.view(query);
  }

  async create(principal: Principal, body: QueryBody): Promise<FleetQuery> {
    const team = await this.scope(principal, 'query.write', bodyTeam(body) ?? null);
    const content = resolveQueryContent(body, null);
    const id = await this.insert({ ...content, teamId: team.id, authorId: principal.user?.id ?? null, saved: true });
    await this.activities.record(principal, 'created_saved_query', activityDetails(id, content.name, team));
    await this.announce([id], []);
    return this.view(await this.found(id));
  }

  async modify(principal: Principal, id: number, body: QueryBody): Promise<FleetQuery> {
    const current = await this.writable(principal, await this.found(id));
    const team = bodyTeam(body);
    if (team !== undefined && team !== current.teamId) throw QueriesError.validation([{ name: 'team_id', reason: 'a query cannot move to another team; create it there instead' }]);
    const content = resolveQueryContent(body, current);
    if (await this.queries.findByName(current.teamId, content.name, id)) throw QueriesError.nameTaken(content.name);
    const changes = changesOf(current, content);
    try {
      await this.queries.update(id, changes);
    } catch (err) {
      if (isDuplicateKey(err)) throw QueriesError.nameTaken(content.name);
      throw err;
    }
    await this.activities.record(principal, 'edited_saved_query', activityDetails(id, content.name, await this.teamOf(current.teamId)));
    if (Object.keys(changes).length > 0) await this.announce([id], []);
    return this.view(await this.found(id));
  }

  /** `DELETE /queries/:name?team_id=`: rights on the scope first (403), then the query (404), then the author rule. */
  async deleteByName(principal: Principal, teamId: number | null, name: string): Promise<void> {
    await this.scope(principal, 'query.write', teamId);
    const query = await this.queries.findByName(teamId, name);
    if (!query) throw QueriesError.notFound(name);
    await this.deleteOne(principal, query);
  }

  async deleteById(principal: Principal, id: number): Promise<void> {
    await this.deleteOne(principal, await this.found(id));
  }

  /** Deletes every query of `ids`, or none: an unknown id is 404, one the principal may not change 403. Returns how many went. */
  async deleteMany(principal: Principal, ids: readonly number[]): Promise<number> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return 0;
    const found = new Map((await this.queries.findByIds(wanted)).map((q) => [q.id, q]));
    const missing = wanted.find((id) => !found.has(id));
    if (missing !== undefined) throw QueriesError.notFound(missing);
    for (const query of found.values()) await this.writable(principal, query);
    const deleted = await this.remove(wanted);
    const teamIds = new Set([...found.values()].map((q) => q.teamId));
    const team = teamIds.size === 1 ? await this.teamOf([...teamIds][0] ?? null) : { id: null, name: null };
    await this.activities.record(principal, 'deleted_multiple_saved_query', { query_ids: wanted, team_id: team.id, team_name: team.name });
    await this.announce([], wanted);
    return deleted;
  }

  /** For the live-query API: the saved query `id` if the principal may read it (404 unknown, 403 otherwise). */
  async getRunnable(principal: Principal, id: number): Promise<RunnableQuery> {
    const q = await this.found(id);
    if (!canReadQuery(principal, q.teamId)) throw forbidden();
    return { id: q.id, name: q.name, query: q.query, teamId: q.teamId, observerCanRun: Boolean(q.observerCanRun), platform: q.platform, minOsqueryVersion: q.minOsqueryVersion };
  }

  /**
   * For the live-query API: stores ad-hoc SQL as a hidden global query (`saved` false, never
   * listed, not announced) named `distributed_<email or bootstrap>_<unix ns>`, as Fleet does;
   * returns its id. The SQL gets the same check as saved queries (422). The caller authorizes.
   */
  async saveHidden(principal: Principal, sql: string): Promise<number> {
    const problem = osquerySqlProblem(sql);
    if (problem !== null) throw QueriesError.validation([{ name: 'query', reason: problem }]);
    const who = (principal.user?.email ?? 'bootstrap').slice(0, MAX_WHO);
    const hidden: Omit<QueryDefinition, 'name'> = { ...HIDDEN_DEFAULTS, query: sql, teamId: null, authorId: principal.user?.id ?? null, saved: false };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.queries.insert({ ...hidden, name: `${NAME_PREFIX}${who}_${unixNanos()}` });
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 2) throw err;
      }
    }
  }

  /** Tells whoever schedules queries to reload (a lost event is logged, not fatal: the write is done). */
  async announce(changedIds: number[], deletedIds: number[]): Promise<void> {
    if (changedIds.length === 0 && deletedIds.length === 0) return;
    await this.bus.publish(QUERIES_CHANGED, { changedIds, deletedIds }).catch((err: unknown) => this.logger.warn({ err, changedIds, deletedIds }, 'could not publish QUERIES_CHANGED'));
  }

  /** Checks `action` on a scope: the global queries (`null`; reading needs the right anywhere) or a team's (403, then 404). */
  async scope(principal: Principal, action: Action, teamId: number | null): Promise<QueryTeam> {
    if (teamId !== null) {
      const team = await accessibleTeam(this.teams, principal, action, teamId);
      return { id: team.id, name: team.name };
    }
    if (!(action === 'query.read' ? canReadQuery(principal, null) : can(principal, action, null))) throw forbidden();
    return { id: null, name: null };
  }

  /** `query` if the principal may change it (403 otherwise). */
  writable(principal: Principal, query: QueryEntity): QueryEntity {
    if (!canWriteQuery(principal, query)) throw forbidden();
    return query;
  }

  async teamOf(teamId: number | null): Promise<QueryTeam> {
    if (teamId === null) return { id: null, name: null };
    return { id: teamId, name: (await this.teams.findById(teamId))?.name ?? null };
  }

  async views(rows: readonly QueryEntity[]): Promise<FleetQuery[]> {
    const [authors, stats] = await Promise.all([this.queries.authors(rows.map((q) => q.authorId)), this.queries.stats(rows.map((q) => q.id))]);
    return rows.map((q) => toFleetQuery(q, authors, stats.get(q.id)));
  }

  private async view(row: QueryEntity): Promise<FleetQuery> {
    const [view] = await this.views([row]);
    if (!view) throw new Error('queries: view missing');
    return view;
  }

  private async found(id: number): Promise<QueryEntity> {
    const query = await this.queries.findById(id);
    if (!query) throw QueriesError.notFound(id);
    return query;
  }

  private async deleteOne(principal: Principal, query: QueryEntity): Promise<void> {
    this.writable(principal, query);
    await this.remove([query.id]);
    await this.activities.record(principal, 'deleted_saved_query', activityDetails(query.id, query.name, await this.teamOf(query.teamId)));
    await this.announce([], [query.id]);
  }

  /** Deletes queries, with the pack scheduled queries running them (one transaction; PACKS_CHANGED for those packs). */
  private async remove(ids: readonly number[]): Promise<number> {
    const { packIds, count } = await this.queries.transaction(async (tx) => ({ packIds: await this.packs.forgetQueries(ids, tx), count: await this.queries.delete(ids, tx) }));
    await this.packs.changed(packIds);
    return count;
  }

  /** Inserts a query, after the name check (409); a name taken meanwhile is 409 too. */
  private async insert(definition: QueryDefinition): Promise<number> {
    if (await this.queries.findByName(definition.teamId, definition.name)) throw QueriesError.nameTaken(definition.name);
    try {
      return await this.queries.insert(definition);
    } catch (err) {
      if (isDuplicateKey(err)) throw QueriesError.nameTaken(definition.name);
      throw err;
    }
  }
}
