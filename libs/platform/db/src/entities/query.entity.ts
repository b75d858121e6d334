import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** How a scheduled query's results are logged (osquery's snapshot / differential modes). */
export type QueryLoggingType = 'snapshot' | 'differential' | 'differential_ignore_removals';

/**
 * `queries` (Fleet's saved queries, "reports" since 4.86): osquery SQL for every host (`team_id`
 * NULL) or a team's hosts, run live on demand and, with `schedule_interval` > 0, on a schedule.
 * `saved` false marks an ad-hoc live query kept (hidden) so its campaign can name it, as Fleet
 * does. Owned by api-gateway.
 */
@Entity({ name: 'queries' })
@Index('uq_queries_team_name', ['teamKey', 'name'], { unique: true })
@Index('ix_queries_team_saved', ['teamKey', 'saved'])
export class QueryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'team_id', type: 'integer', nullable: true })
  teamId!: number | null;

  /** `team_id` or 0 for global queries: names are unique per team (NULLs never collide in a unique index). */
  @Column({ name: 'team_key', type: 'integer', default: 0 })
  teamKey!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  query!: string;

  @Column({ name: 'author_id', type: 'integer', nullable: true })
  authorId!: number | null;

  /** Observers (who may run only such queries) may run it live. */
  @Column({ name: 'observer_can_run', type: 'boolean', default: false })
  observerCanRun!: boolean;

  /** Comma-separated osquery platforms ('' = all). */
  @Column({ type: 'varchar', length: 255, default: '' })
  platform!: string;

  /** Lowest osquery version that runs it when scheduled ('' = any). */
  @Column({ name: 'min_osquery_version', type: 'varchar', length: 255, default: '' })
  minOsqueryVersion!: string;

  /** Seconds between scheduled runs (0 = not scheduled). */
  @Column({ name: 'schedule_interval', type: 'integer', default: 0 })
  scheduleInterval!: number;

  /** Scheduled results go to the log destination. */
  @Column({ name: 'automations_enabled', type: 'boolean', default: false })
  automationsEnabled!: boolean;

  @Column({ name: 'logging_type', type: 'varchar', length: 32, default: 'snapshot' })
  loggingType!: QueryLoggingType;

  /** Scheduled results are not stored as the query's report. */
  @Column({ name: 'discard_data', type: 'boolean', default: false })
  discardData!: boolean;

  /** false: an ad-hoc live query, kept for its campaign and never listed. */
  @Column({ type: 'boolean', default: false })
  saved!: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
