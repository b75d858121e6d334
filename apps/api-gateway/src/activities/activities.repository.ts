import { Inject, Injectable } from '@nestjs/common';
import { ActivityEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import type { QueryDeepPartialEntity } from 'typeorm';

export interface NewActivity {
  userId: number | null;
  userName: string | null;
  userEmail: string;
  apiOnly: boolean;
  fleetInitiated: boolean;
  activityType: string;
  details: Record<string, unknown>;
}

export interface ActivityListOptions {
  page: number;
  perPage: number;
  orderKey: 'id' | 'created_at' | 'activity_type' | 'user_name';
  orderDirection: 'asc' | 'desc';
  activityType?: string;
  /** Free text over the actor's name and email. */
  query?: string;
  startCreatedAt?: Date;
  endCreatedAt?: Date;
}

const ORDER_COLUMNS = { id: 'a.id', created_at: 'a.created_at', activity_type: 'a.activity_type', user_name: 'a.user_name' } as const;

/** The `activities` table (owned by api-gateway): append-only. */
@Injectable()
export class ActivitiesRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  async insert(activity: NewActivity): Promise<ActivityEntity> {
    // TypeORM's deep-partial type cannot express `unknown` leaves; details are stored whole as JSON.
    const result = await this.db.manager.insert(ActivityEntity, activity as QueryDeepPartialEntity<ActivityEntity>);
    const id: unknown = result.identifiers[0]?.['id'];
    if (typeof id !== 'number') throw new Error('activities: insert returned no id');
    return this.db.manager.findOneByOrFail(ActivityEntity, { id });
  }

  /** One page, plus whether another row follows it. */
  async list(options: ActivityListOptions): Promise<{ rows: ActivityEntity[]; hasNext: boolean }> {
    const qb = this.db.manager.createQueryBuilder(ActivityEntity, 'a');
    if (options.activityType) qb.andWhere('a.activity_type = :type', { type: options.activityType });
    if (options.query) {
      const like = `%${options.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(LOWER(a.user_name) LIKE :like OR LOWER(a.user_email) LIKE :like)', { like });
    }
    if (options.startCreatedAt) qb.andWhere('a.created_at >= :start', { start: options.startCreatedAt });
    if (options.endCreatedAt) qb.andWhere('a.created_at <= :end', { end: options.endCreatedAt });
    const direction = options.orderDirection === 'asc' ? 'ASC' : 'DESC';
    qb.orderBy(ORDER_COLUMNS[options.orderKey], direction).addOrderBy('a.id', direction);
    const rows = await qb.limit(options.perPage + 1).offset(options.page * options.perPage).getMany();
    return { rows: rows.slice(0, options.perPage), hasNext: rows.length > options.perPage };
  }
}
