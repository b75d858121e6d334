import { Inject, Injectable } from '@nestjs/common';
import { ACTIVITY_CREATED } from '@flotilla/contracts';
import type { PayloadOf } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import type { ActivityEntity } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, LOGGER } from '@flotilla/platform-server';
import type { Principal } from '../authz/principal';
import { ActivitiesRepository, type ActivityListOptions } from './activities.repository';
import type { ActivityType } from './activity-types';

/** Fleet's activity JSON. */
export type FleetActivity = PayloadOf<typeof ACTIVITY_CREATED> & { actor_gravatar: string };

/** Who did it: a signed-in principal, a user acting without a session yet (login, setup), or Flotilla itself (null). */
export type Actor = Principal | { user: { id: number; name: string; email: string; apiOnly: boolean } } | null;

/**
 * The audit log: every admin mutation records one activity (actor, type, details, time), which
 * is stored, then published as ACTIVITY_CREATED for webhooks and log destinations.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly activities: ActivitiesRepository,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(actor: Actor, type: ActivityType, details: Record<string, unknown> = {}): Promise<FleetActivity> {
    const user = actor?.user ?? null;
    const row = await this.activities.insert({
      userId: user?.id ?? null,
      userName: user ? user.name : actor ? 'bootstrap token' : null,
      userEmail: user?.email ?? '',
      apiOnly: user ? user.apiOnly : actor !== null,
      fleetInitiated: actor === null,
      activityType: type,
      details,
    });
    const activity = toFleetActivity(row);
    const { actor_gravatar: _gravatar, ...event } = activity;
    this.bus.publish(ACTIVITY_CREATED, event).catch((err: unknown) => this.logger.warn({ err, activityId: row.id, type }, 'could not publish activity'));
    return activity;
  }

  async list(options: ActivityListOptions): Promise<{ activities: FleetActivity[]; meta: { has_next_results: boolean; has_previous_results: boolean } }> {
    const { rows, hasNext } = await this.activities.list(options);
    return { activities: rows.map(toFleetActivity), meta: { has_next_results: hasNext, has_previous_results: options.page > 0 } };
  }
}

function toFleetActivity(row: ActivityEntity): FleetActivity {
  return {
    id: row.id,
    type: row.activityType,
    created_at: row.createdAt.toISOString(),
    ...(row.userId !== null ? { actor_id: row.userId } : {}),
    ...(row.userName !== null ? { actor_full_name: row.userName } : {}),
    actor_email: row.userEmail,
    actor_gravatar: '',
    actor_api_only: Boolean(row.apiOnly),
    fleet_initiated: Boolean(row.fleetInitiated),
    details: row.details ?? {},
  };
}
