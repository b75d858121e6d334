import { Injectable } from '@nestjs/common';
import type { TeamEntity } from '@flotilla/platform-db';
import { ActivitiesService } from '../activities/activities.service';
import { can } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { TeamsRepository } from '../teams/teams.repository';
import { QueriesError } from './queries.errors';
import type { QuerySpec } from './queries.params';
import { QueriesRepository } from './queries.repository';
import { QueriesService } from './queries.service';
import { changesOf, resolveQueryContent, type QueryContent } from './query-rules';
import { toFleetQuerySpec, type FleetQuerySpec } from './query-view.mapper';

const forbidden = (): Error => AuthzError.forbidden();

/**
 * Query specs (`fleetctl get queries` / `fleetctl apply`): applying creates each query of its team
 * (`team` '' = global) by name or replaces the one there (letter case ignored). Every spec is
 * checked (rights, then content) before anything is written; the writes share one transaction,
 * so a team maintainer's spec replacing someone else's query changes nothing (403).
 */
@Injectable()
export class QuerySpecsService {
  constructor(
    private readonly queries: QueriesRepository,
    private readonly teams: TeamsRepository,
    private readonly service: QueriesService,
    private readonly activities: ActivitiesService,
  ) {}

  /** The saved queries of the global scope or a team, as specs. */
  async list(principal: Principal, teamId: number | null): Promise<FleetQuerySpec[]> {
    const team = await this.service.scope(principal, 'query.read', teamId);
    return (await this.queries.list([teamId])).map((q) => toFleetQuerySpec(q, team.name ?? ''));
  }

  async get(principal: Principal, teamId: number | null, name: string): Promise<FleetQuerySpec> {
    const team = await this.service.scope(principal, 'query.read', teamId);
    const query = await this.queries.findByName(teamId, name);
    if (!query || !query.saved) throw QueriesError.notFound(name);
    return toFleetQuerySpec(query, team.name ?? '');
  }

  async apply(principal: Principal, specs: readonly QuerySpec[]): Promise<void> {
    const teamIds = await this.resolveTeams(principal, specs);
    const seen = new Set<string>();
    const contents: QueryContent[] = [];
    for (const [i, spec] of specs.entries()) {
      const { team: _team, ...body } = spec;
      const content = this.validated(i, () => resolveQueryContent(body, null));
      const key = `${teamIds[i] ?? 0}:${content.name.toLowerCase()}`;
      if (seen.has(key)) throw QueriesError.validation([{ name: `specs.${i}.name`, reason: `another spec names the query ${JSON.stringify(content.name)} of the same team` }]);
      seen.add(key);
      contents.push(content);
    }
    const changed = await this.queries.transaction(async (tx) => {
      const out: number[] = [];
      for (const [i, content] of contents.entries()) {
        const teamId = teamIds[i] ?? null;
        const existing = await this.queries.findByName(teamId, content.name, undefined, tx);
        if (existing) {
          this.service.writable(principal, existing);
          const changes = { ...changesOf(existing, content), ...(existing.saved ? {} : { saved: true }) };
          await this.queries.update(existing.id, changes, tx);
          if (Object.keys(changes).length > 0) out.push(existing.id);
        } else {
          out.push(await this.queries.insert({ ...content, teamId, authorId: principal.user?.id ?? null, saved: true }, tx));
        }
      }
      return out;
    });
    await this.activities.record(principal, 'applied_spec_saved_query', { specs });
    await this.service.announce(changed, []);
  }

  /** Each spec's team id (null: global), checking `query.write` there; an unknown team is 404 (403 to those who could not see it anyway). */
  private async resolveTeams(principal: Principal, specs: readonly QuerySpec[]): Promise<Array<number | null>> {
    const byName = new Map<string, TeamEntity | null>();
    const out: Array<number | null> = [];
    for (const spec of specs) {
      const name = (spec.team ?? '').trim();
      if (name === '') {
        if (!can(principal, 'query.write', null)) throw forbidden();
        out.push(null);
        continue;
      }
      if (!byName.has(name)) byName.set(name, await this.teams.findByNameIgnoringCase(name));
      const team = byName.get(name);
      if (!team) {
        if (!can(principal, 'query.write', null)) throw forbidden();
        throw QueriesError.teamNotFound(name);
      }
      if (!can(principal, 'query.write', team.id)) throw forbidden();
      out.push(team.id);
    }
    return out;
  }

  /** Runs a content check, naming each problem after its spec (`specs.2.query`). */
  private validated(index: number, check: () => QueryContent): QueryContent {
    try {
      return check();
    } catch (err) {
      if (err instanceof QueriesError && err.code === 'validation_failed') throw QueriesError.validation(err.details.map((d) => ({ ...d, name: `specs.${index}.${d.name}` })));
      throw err;
    }
  }
}
