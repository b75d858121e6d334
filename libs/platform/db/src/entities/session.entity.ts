import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `sessions`: bearer credentials for the admin API (Fleet: the session key *is* the API token).
 * Only a SHA-256 of the token is stored. `user_id` is NULL for the bootstrap token created at
 * first start, before user accounts exist. Owned by api-gateway.
 */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  @Index('uq_sessions_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  name!: string;

  @Column({ name: 'api_only', type: 'boolean', default: false })
  apiOnly!: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'accessed_at', type: 'datetime', nullable: true })
  accessedAt!: Date | null;
}
