import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** `password_reset_requests`: an emailed reset token (SHA-256 only) for a user, valid until `expires_at`. Owned by api-gateway. */
@Entity({ name: 'password_reset_requests' })
export class PasswordResetRequestEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('ix_password_reset_requests_user_id')
  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Index('uq_password_reset_requests_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt!: Date;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
