import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * `packs`: Fleet's legacy query packs — a named set of scheduled queries (`scheduled_queries`)
 * sent to the hosts its targets (`pack_targets`) select. Owned by api-gateway; osquery-ingest
 * reads them to build host configs.
 */
@Entity({ name: 'packs' })
@Index('uq_packs_name', ['name'], { unique: true })
export class PackEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  /** Comma-separated osquery platforms the pack runs on ('' = all). */
  @Column({ type: 'varchar', length: 255, default: '' })
  platform!: string;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

export type PackTargetType = 'host' | 'label' | 'team';

/** One target of a pack: a host, a label (its member hosts) or a team (its hosts). */
@Entity({ name: 'pack_targets' })
@Index('ix_pack_targets_target', ['type', 'targetId'])
export class PackTargetEntity {
  @PrimaryColumn({ name: 'pack_id', type: 'integer' })
  packId!: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  type!: PackTargetType;

  @PrimaryColumn({ name: 'target_id', type: 'integer' })
  targetId!: number;
}

/**
 * A pack's scheduled query: a saved query (`query_id`) run every `schedule_interval` seconds,
 * named `name` within the pack. Unset (NULL) options are left out of the host config, as osquery
 * then applies its own defaults.
 */
@Entity({ name: 'scheduled_queries' })
@Index('uq_scheduled_queries_pack_name', ['packId', 'name'], { unique: true })
@Index('ix_scheduled_queries_query_id', ['queryId'])
export class ScheduledQueryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'pack_id', type: 'integer' })
  packId!: number;

  @Column({ name: 'query_id', type: 'integer' })
  queryId!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'schedule_interval', type: 'integer', default: 0 })
  scheduleInterval!: number;

  @Column({ type: 'boolean', nullable: true })
  snapshot!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  removed!: boolean | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  platform!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  version!: string | null;

  @Column({ type: 'integer', nullable: true })
  shard!: number | null;

  @Column({ type: 'boolean', nullable: true })
  denylist!: boolean | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
