import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A team role an invite grants. */
export interface InviteTeamRecord {
  id: number;
  role: string;
}

/**
 * `invites`: a pending account for `email`, accepted with the emailed token (stored as its
 * SHA-256 only). Owned by api-gateway.
 */
@Entity({ name: 'invites' })
export class InviteEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('uq_invites_email', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  email!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  name!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  position!: string;

  @Column({ name: 'global_role', type: 'varchar', length: 32, nullable: true })
  globalRole!: string | null;

  @Column({ name: 'teams_json', type: 'json', nullable: true })
  teams!: InviteTeamRecord[] | null;

  @Index('uq_invites_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ name: 'invited_by', type: 'integer', nullable: true })
  invitedBy!: number | null;

  @Column({ name: 'sso_enabled', type: 'boolean', default: false })
  ssoEnabled!: boolean;

  @Column({ name: 'mfa_enabled', type: 'boolean', default: false })
  mfaEnabled!: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
