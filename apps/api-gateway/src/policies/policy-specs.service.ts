import { Injectable } from '@nestjs/common';
import type { TeamEntity } from '@flotilla/platform-db';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan, can } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { TeamsRepository } from '../teams/teams.repository';
import { PoliciesError } from './policies.errors';
import type { PolicySpec } from './policies.params';
import { PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';
import { changesOf, redefines, resolvePolicyContent, type PolicyContent } from './policy-definition';

const forbidden = (): Error => AuthzError.forbidden();

/**
 * `POST /spec/policies` (fleetctl apply): each spec creates the policy of its team (`team` '' =
 * global) with that name, or replaces the one there (letter case ignored). Every spec is checked
 * (rights, then content) before anything is written; the writes share one transaction.
 */
@Injectable()
export class PolicySpecsService {
  constructor(
    private readonly policies: PoliciesRepository,
    private readonly teams: TeamsRepository,
    private readonly service: PoliciesService,
    private readonly activities: ActivitiesService,
  ) {}

  async apply(principal: Principal, specs: readonly PolicySpec[]): Promise<void> {
    const teamIds = await this.resolveTeams(principal, specs);
    const seen = new Set<string>();
    const contents: PolicyContent[] = [];
    for (const [i, spec] of specs.entries()) {
      const { team: _team, ...body } = spec;
      const content = await this.validated(i, () => resolvePolicyContent(this.policies, body, null));
      const key = `${teamIds[i] ?? 0}:${content.name.toLowerCase()}`;
      if (seen.has(key)) throw PoliciesError.validation([{ name: `specs.${i}.name`, reason: `another spec names the policy ${JSON.stringify(content.name)} of the same team` }]);
      seen.add(key);
      contents.push(content);
    }
    const changed = await this.policies.transaction(async (tx) => {
      const out: number[] = [];
      for (const [i, content] of contents.entries()) {
        const teamId = teamIds[i] ?? null;
        const existing = await this.policies.findByName(teamId, content.name, undefined, tx);
        if (existing) {
          await this.policies.update(existing.id, changesOf(existing, content), tx);
          if (redefines(existing, content)) out.push(existing.id);
        } else {
          out.push(await this.policies.insert({ ...content, teamId, authorId: principal.user?.id ?? null }, tx));
        }
      }
      return out;
    });
    await this.activities.record(principal, 'applied_spec_policies', { policies: specs });
    await this.service.announce(changed, []);
  }

  /** Each spec's team id (null: global), checking `policy.write` there; an unknown team is 404 (403 to those who could not see it anyway). */
  private async resolveTeams(principal: Principal, specs: readonly PolicySpec[]): Promise<Array<number | null>> {
    const byName = new Map<string, TeamEntity | null>();
    const out: Array<number | null> = [];
    for (const spec of specs) {
      const name = (spec.team ?? '').trim();
      if (name === '') {
        assertCan(principal, 'policy.write', null, forbidden);
        out.push(null);
        continue;
      }
      if (!byName.has(name)) byName.set(name, await this.teams.findByNameIgnoringCase(name));
      const team = byName.get(name);
      if (!team) {
        if (!can(principal, 'policy.write', null)) throw forbidden();
        throw PoliciesError.teamNotFound(name);
      }
      assertCan(principal, 'policy.write', team.id, forbidden);
      out.push(team.id);
    }
    return out;
  }

  /** Runs a content check, naming each problem after its spec (`specs.2.query`). */
  private async validated(index: number, check: () => Promise<PolicyContent>): Promise<PolicyContent> {
    try {
      return await check();
    } catch (err) {
      if (err instanceof PoliciesError && err.code === 'validation_failed') throw PoliciesError.validation(err.details.map((d) => ({ ...d, name: `specs.${index}.${d.name}` })));
      throw err;
    }
  }
}
