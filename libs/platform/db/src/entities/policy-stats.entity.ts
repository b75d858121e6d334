import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * `policy_stats`: passing/failing host counts per policy, kept up to date by osquery-ingest in
 * the same transaction as the membership changes (so listing policies never counts rows).
 */
@Entity({ name: 'policy_stats' })
export class PolicyStatsEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'integer' })
  policyId!: number;

  @Column({ name: 'passing_host_count', type: 'integer', default: 0 })
  passingHostCount!: number;

  @Column({ name: 'failing_host_count', type: 'integer', default: 0 })
  failingHostCount!: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
