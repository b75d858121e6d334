import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * `teams` (Fleet 4.86 calls them fleets): a named group of hosts with its own settings
 * document (`config`: agent options, features, host expiry, webhooks, integrations, MDM).
 * Owned by api-gateway; other services learn of changes through bus events.
 */
@Entity({ name: 'teams' })
export class TeamEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('uq_teams_name', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 1023, default: '' })
  description!: string;

  @Column({ name: 'config_json', type: 'json', nullable: true })
  config!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
