import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * `policies`: yes/no compliance questions (osquery SQL: ≥ 1 row = pass) for every host
 * (`team_id` NULL) or a team's hosts, optionally limited to platforms and to hosts in (or not
 * in) some labels. Hosts run them as `fleet_policy_query_<id>`. Owned by api-gateway.
 */
@Entity({ name: 'policies' })
@Index('uq_policies_team_name', ['teamKey', 'name'], { unique: true })
export class PolicyEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('ix_policies_team_id')
  @Column({ name: 'team_id', type: 'integer', nullable: true })
  teamId!: number | null;

  /** `team_id` or 0 for global policies: names are unique per team (NULLs never collide in a unique index). */
  @Column({ name: 'team_key', type: 'integer', default: 0 })
  teamKey!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text' })
  query!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  resolution!: string;

  /** Comma-separated osquery platforms ('' = all). */
  @Column({ type: 'varchar', length: 255, default: '' })
  platform!: string;

  @Column({ type: 'boolean', default: false })
  critical!: boolean;

  @Column({ name: 'labels_include_any', type: 'json', nullable: true })
  labelsIncludeAny!: number[] | null;

  @Column({ name: 'labels_exclude_any', type: 'json', nullable: true })
  labelsExcludeAny!: number[] | null;

  @Column({ name: 'author_id', type: 'integer', nullable: true })
  authorId!: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
