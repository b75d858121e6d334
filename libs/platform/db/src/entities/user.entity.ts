import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A user's UI preferences. */
export interface UserSettingsRecord {
  hidden_host_columns: string[];
}

/**
 * `users`: admin accounts (Fleet's users). `global_role` is NULL for a user whose roles are all
 * per team (`user_teams`). Passwords are stored as argon2id PHC strings only. Owned by api-gateway.
 */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  email!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'global_role', type: 'varchar', length: 32, nullable: true })
  globalRole!: string | null;

  @Column({ name: 'api_only', type: 'boolean', default: false })
  apiOnly!: boolean;

  @Column({ name: 'sso_enabled', type: 'boolean', default: false })
  ssoEnabled!: boolean;

  @Column({ name: 'mfa_enabled', type: 'boolean', default: false })
  mfaEnabled!: boolean;

  @Column({ name: 'force_password_reset', type: 'boolean', default: false })
  forcePasswordReset!: boolean;

  @Column({ type: 'varchar', length: 255, default: '' })
  position!: string;

  @Column({ name: 'gravatar_url', type: 'varchar', length: 255, default: '' })
  gravatarUrl!: string;

  /** The user's own UI preferences (Fleet's `settings`, e.g. `hidden_host_columns`). */
  @Column({ name: 'settings_json', type: 'json', nullable: true })
  settings!: UserSettingsRecord | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
