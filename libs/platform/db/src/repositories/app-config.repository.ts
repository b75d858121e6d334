import type { QueryDeepPartialEntity } from 'typeorm';
import { APP_CONFIG_ID, AppConfigEntity } from '../entities/app-config.entity';
import type { EntityManagerSource } from '../entity-manager-source';

/** Reads and writes Fleet's global settings document (table `app_config`, one row). */
export class AppConfigRepository {
  constructor(private readonly db: EntityManagerSource) {}

  async get(): Promise<Record<string, unknown> | null> {
    const row = await this.db.manager.findOneBy(AppConfigEntity, { id: APP_CONFIG_ID });
    return row?.jsonValue ?? null;
  }

  /** Replaces the whole document (insert or update; `created_at` is kept on update). */
  async put(value: Record<string, unknown>): Promise<void> {
    // TypeORM's deep-partial type cannot express `unknown` leaves; the value is stored whole as JSON.
    const row = { id: APP_CONFIG_ID, jsonValue: value } as QueryDeepPartialEntity<AppConfigEntity>;
    await this.db.manager.upsert(AppConfigEntity, row, { conflictPaths: ['id'] });
  }
}
