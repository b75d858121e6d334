import { Injectable } from '@nestjs/common';
import type { TeamEntity } from '@flotilla/platform-db';
import { can } from '../authz/authorizer';
import type { Principal } from '../authz/principal';
import { settingsOf } from './team-settings';
import type { TeamView } from './team-view.mapper';
import { TeamsRepository } from './teams.repository';

/** What Fleet shows in place of a secret the caller may not read. */
export const MASKED_SECRET = '********';

/** Team rows → what their JSON shows: settings with defaults, host and user counts, secrets (masked unless readable). */
@Injectable()
export class TeamViewsService {
  constructor(private readonly teams: TeamsRepository) {}

  async many(principal: Principal, rows: readonly TeamEntity[]): Promise<TeamView[]> {
    const ids = rows.map((r) => r.id);
    const [hosts, users, secrets] = await Promise.all([this.teams.hostCounts(ids), this.teams.userCounts(ids), this.teams.secrets(ids)]);
    return rows.map((r) => {
      const readable = can(principal, 'enroll_secret.read', r.id);
      return {
        id: r.id,
        name: r.name,
        description: r.description,
        createdAt: r.createdAt,
        settings: settingsOf(r.config),
        hostCount: hosts.get(r.id) ?? 0,
        userCount: users.get(r.id) ?? 0,
        secrets: (secrets.get(r.id) ?? []).map((s) => ({ secret: readable ? s.secret : MASKED_SECRET, createdAt: s.createdAt })),
      };
    });
  }

  async one(principal: Principal, row: TeamEntity): Promise<TeamView> {
    const [view] = await this.many(principal, [row]);
    if (!view) throw new Error('team view: no row');
    return view;
  }
}
