import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** `enroll_secrets`: secrets agents present at enroll; `team_id` NULL means global (no team). Owned by osquery-ingest. */
@Entity({ name: 'enroll_secrets' })
export class EnrollSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  secret!: string;

  @Index('ix_enroll_secrets_team_id')
  @Column({ name: 'team_id', type: 'integer', nullable: true })
  teamId!: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
