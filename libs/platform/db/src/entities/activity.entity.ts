import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `activities`: the audit log. The actor's name and email are copied at the time of the
 * activity, so the entry survives the user's deletion. `user_id` NULL = done by Flotilla itself
 * or by the bootstrap token. Owned by api-gateway.
 */
@Entity({ name: 'activities' })
export class ActivityEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('ix_activities_created_at')
  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  @Column({ name: 'user_name', type: 'varchar', length: 255, nullable: true })
  userName!: string | null;

  @Column({ name: 'user_email', type: 'varchar', length: 255, default: '' })
  userEmail!: string;

  @Column({ name: 'api_only', type: 'boolean', default: false })
  apiOnly!: boolean;

  @Column({ name: 'fleet_initiated', type: 'boolean', default: false })
  fleetInitiated!: boolean;

  @Index('ix_activities_activity_type')
  @Column({ name: 'activity_type', type: 'varchar', length: 255 })
  activityType!: string;

  @Column({ type: 'json', nullable: true })
  details!: Record<string, unknown> | null;
}
