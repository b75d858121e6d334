import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { POLICIES_CHANGED, QUERIES_CHANGED, TEAMS_CHANGED } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { isDuplicateKey, PolicyEntity, QueryEntity } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, LOGGER } from '@flotilla/platform-server';
import { In } from 'typeorm';
import type { ErrorDetail } from '@flotilla/platform-errors';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan, scopeOf } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { agentOptionsProblems } from '../common/agent-options';
import { HostsRepository } from '../hosts/hosts.repository';
import { PackReferencesService } from '../packs/pack-references.service';
import { UsersRepository } from '../users/users.repository';
import { OsqueryIngestClient } from './osquery-ingest.client';
import { deepMerge, defaultTeamSettings, settingsOf, settingsProblems, SETTINGS_KEYS, type SettingsKey, type TeamSettings } from './team-settings';
import { normaliseMdm } from './team-settings.schema';
import { toFleetTeam, toLegacyTeam, toTeamResponse, type FleetTeamJson, type LegacyTeamJson, type TeamResponse } from './team-view.mapper';
import { accessibleTeam } from './team-access';
import { TeamViewsService } from './team-views.service';
import { TeamsError } from './teams.errors';
import type { CreateTeamBody, ModifyTeamBody, TeamOrderKey } from './teams.params';
import { TeamsRepository } from './teams.repository';

/** Names Fleet keeps for the pseudo-teams of its UI (any letter case). */
const RESERVED_NAMES = ['no team', 'all teams', 'unassigned', 'all fleets'];
const MAX_NAME_LENGTH = 255;

const forbidden = (): Error => AuthzError.forbidden();
const invalid = (name: string, reason: string): TeamsError => TeamsError.invalidBody([{ name, reason }]);

export interface TeamListQuery {
  query?: string;
  orderKey: TeamOrderKey;
  direction: 'ASC' | 'DESC';
  offset: number;
  limit?: number;
}

/**
 * Teams (Fleet 4.86: "fleets"): list, create, read, modify, agent options, delete. Team users see
 * and edit only their own teams; creating and deleting needs a global role. Deleting moves the
 * team's hosts to no team and drops its secrets and memberships, through the owners of each.
 */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly views: TeamViewsService,
    private readonly users: UsersRepository,
    private readonly hosts: HostsRepository,
    private readonly osqueryIngest: OsqueryIngestClient,
    private readonly activities: ActivitiesService,
    private readonly packs: PackReferencesService,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async list(principal: Principal, q: TeamListQuery): Promise<{ fleets: FleetTeamJson[]; teams: LegacyTeamJson[] }> {
    const scope = scopeOf(principal, 'team.read');
    const rows = await this.teams.list({ ...q, ...(scope === 'all' ? {} : { withinTeams: scope }) });
    const views = await this.views.many(principal, rows);
    return { fleets: views.map(toFleetTeam), teams: views.map(toLegacyTeam) };
  }

  async get(principal: Principal, id: number): Promise<TeamResponse> {
    return toTeamResponse(await this.views.one(principal, await accessibleTeam(this.teams, principal, 'team.read', id)));
  }

  async create(principal: Principal, body: CreateTeamBody): Promise<TeamResponse> {
    assertCan(principal, 'team.create', null, forbidden);
    if (body.name === undefined) throw invalid('name', 'name is required');
    const name = await this.availableName(body.name);
    const { config } = this.applySettings(defaultTeamSettings(), {}, body);
    const secrets = body.secrets ? body.secrets.map((s) => s.secret) : [randomBytes(24).toString('base64')];
    let id: number;
    try {
      id = await this.teams.insert({ name, description: body.description ?? '', config });
    } catch (err) {
      if (isDuplicateKey(err)) throw TeamsError.nameTaken(name);
      throw err;
    }
    try {
      await this.osqueryIngest.replaceEnrollSecrets(id, secrets);
    } catch (err) {
      await this.teams.delete(id, (tx) => this.users.removeTeam(id, tx));
      throw err;
    }
    await this.announce({ changedIds: [id], deletedIds: [] });
    await this.activities.record(principal, 'created_team', { team_id: id, team_name: name });
    return this.response(principal, id);
  }

  async modify(principal: Principal, id: number, body: ModifyTeamBody): Promise<TeamResponse> {
    const team = await accessibleTeam(this.teams, principal, 'team.write', id);
    const name = body.name === undefined ? team.name : await this.availableName(body.name, id);
    const { config, changed } = this.applySettings(settingsOf(team.config), team.config ?? {}, body);
    try {
      await this.teams.update(id, {
        ...(name !== team.name ? { name } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(changed ? { config } : {}),
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw TeamsError.nameTaken(name);
      throw err;
    }
    if (changed) await this.announce({ changedIds: [id], deletedIds: [] });
    await this.activities.record(principal, 'edited_team', { team_id: id, team_name: name });
    return this.response(principal, id);
  }

  /** Replaces the team's agent options (validated unless `force`, but never over 2 MiB; only validated when `dryRun`). */
  async setAgentOptions(principal: Principal, id: number, options: unknown, opts: { force: boolean; dryRun: boolean }): Promise<TeamResponse> {
    const team = await accessibleTeam(this.teams, principal, 'team.write', id);
    if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalid('agent_options', 'agent options must be a JSON object');
    const problems = agentOptionsProblems(options, 'agent_options', { force: opts.force });
    if (problems.length > 0) throw TeamsError.invalidBody(problems);
    if (opts.dryRun) return this.response(principal, id);
    await this.teams.update(id, { config: { ...(team.config ?? {}), agent_options: options } });
    await this.announce({ changedIds: [id], deletedIds: [] });
    await this.activities.record(principal, 'edited_agent_options', { global: false, team_id: id, team_name: team.name });
    return this.response(principal, id);
  }

  /** Stops enrollment into the team, moves its hosts to no team, then deletes it and its memberships. */
  async delete(principal: Principal, id: number): Promise<void> {
    const team = await accessibleTeam(this.teams, principal, 'team.delete', id);
    await this.osqueryIngest.replaceEnrollSecrets(id, []);
    await this.osqueryIngest.transferHosts(await this.hosts.ids({ teamId: id }, new Date()), null);
    let policyIds: number[] = [];
    let queryIds: number[] = [];
    let packIds: number[] = [];
    const deleted = await this.teams.delete(id, async (tx) => {
      await this.users.removeTeam(id, tx);
      // The team's policies go with it (osquery-ingest forgets their answers on POLICIES_CHANGED).
      policyIds = (await tx.find(PolicyEntity, { select: { id: true }, where: { teamId: id } })).map((p) => p.id);
      if (policyIds.length > 0) await tx.delete(PolicyEntity, { id: In(policyIds) });
      // And its saved queries.
      queryIds = (await tx.find(QueryEntity, { select: { id: true }, where: { teamId: id } })).map((q) => q.id);
      // Packs forget the team as a target, and their scheduled queries running its saved queries.
      packIds = [...new Set([...(await this.packs.forgetQueries(queryIds, tx)), ...(await this.packs.forgetTargets('team', [id], tx))])];
      if (queryIds.length > 0) await tx.delete(QueryEntity, { id: In(queryIds) });
    });
    if (!deleted) throw TeamsError.notFound(id);
    if (policyIds.length > 0) await this.bus.publish(POLICIES_CHANGED, { changedIds: [], deletedIds: policyIds });
    if (queryIds.length > 0) await this.bus.publish(QUERIES_CHANGED, { changedIds: [], deletedIds: queryIds });
    await this.packs.changed(packIds);
    await this.announce({ changedIds: [], deletedIds: [id] });
    await this.activities.record(principal, 'deleted_team', { team_id: id, team_name: team.name });
  }

  /** Tells host-facing services (osquery-ingest's host configs) that teams' settings changed; the change is stored either way. */
  private async announce(change: { changedIds: number[]; deletedIds: number[] }): Promise<void> {
    await this.bus.publish(TEAMS_CHANGED, change).catch((err: unknown) => this.logger.warn({ err, ...change }, 'could not publish TEAMS_CHANGED'));
  }


  private async response(principal: Principal, id: number): Promise<TeamResponse> {
    const team = await this.teams.findById(id);
    if (!team) throw TeamsError.notFound(id);
    return toTeamResponse(await this.views.one(principal, team));
  }

  /** A valid team name not used by another team (`exceptId`), letter case ignored. */
  private async availableName(raw: string, exceptId?: number): Promise<string> {
    const name = raw.trim();
    if (name === '') throw invalid('name', 'name may not be empty');
    if ([...name].length > MAX_NAME_LENGTH) throw invalid('name', `name may not exceed ${MAX_NAME_LENGTH} characters`);
    if (RESERVED_NAMES.includes(name.toLowerCase())) throw invalid('name', `${JSON.stringify(name)} is a reserved team name`);
    const conflict = await this.teams.findByNameIgnoringCase(name, exceptId);
    if (conflict) throw TeamsError.nameTaken(conflict.name);
    return name;
  }

  /**
   * The settings parts named in `body`, laid over `current` and checked as a whole; returns the
   * config to store (`stored` with those parts replaced by their merged values).
   */
  private applySettings(current: TeamSettings, stored: Record<string, unknown>, body: Partial<Record<SettingsKey, unknown>>): { config: Record<string, unknown>; changed: boolean } {
    const given = SETTINGS_KEYS.filter((k) => body[k] !== undefined);
    if (given.length === 0) return { config: stored, changed: false };
    const patch: Partial<Record<SettingsKey, unknown>> = {};
    for (const key of given) patch[key] = key === 'mdm' ? normaliseMdm(body.mdm as Parameters<typeof normaliseMdm>[0]) : body[key];
    const merged = deepMerge(current, patch);
    const queries = (body.features as { additional_queries?: unknown } | undefined)?.additional_queries;
    if (queries !== undefined) merged.features = { ...merged.features, additional_queries: queries as Record<string, string> | null };
    const problems: ErrorDetail[] = settingsProblems(merged);
    if (problems.length > 0) throw TeamsError.invalidBody(problems);
    const config = { ...stored };
    for (const key of given) config[key] = merged[key];
    return { config, changed: true };
  }
}
