import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * `policy_membership`: a host's latest answer to a policy — `passes` true/false, NULL when the
 * query failed on the host. Written by osquery-ingest.
 */
@Entity({ name: 'policy_membership' })
@Index('ix_policy_membership_host_id', ['hostId'])
@Index('ix_policy_membership_policy_passes', ['policyId', 'passes'])
export class PolicyMembershipEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'integer' })
  policyId!: number;

  @PrimaryColumn({ name: 'host_id', type: 'integer' })
  hostId!: number;

  @Column({ type: 'boolean', nullable: true })
  passes!: boolean | null;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
