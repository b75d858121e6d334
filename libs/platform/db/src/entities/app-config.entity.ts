import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The single row id under which the global settings document is kept. */
export const APP_CONFIG_ID = 1;

/**
 * Fleet's global settings (`app_config_json`): one JSON document in one row. `json` maps to
 * MySQL's JSON (MariaDB: LONGTEXT + json_valid check, up to 4 GB) and to TEXT storage on
 * SQLite; TypeORM serialises and parses it on both.
 */
@Entity({ name: 'app_config' })
export class AppConfigEntity {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'json_value', type: 'json' })
  jsonValue!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
