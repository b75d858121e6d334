import { CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * `label_membership`: a row per (label, host) that belongs — written by osquery-ingest for
 * dynamic labels (from query results) and by api-gateway for manual labels.
 */
@Entity({ name: 'label_membership' })
@Index('ix_label_membership_host_id', ['hostId'])
export class LabelMembershipEntity {
  @PrimaryColumn({ name: 'label_id', type: 'integer' })
  labelId!: number;

  @PrimaryColumn({ name: 'host_id', type: 'integer' })
  hostId!: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
