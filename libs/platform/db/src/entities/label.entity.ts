import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** `label_type`: a label admins made, or one Flotilla ships (All Hosts, macOS, …: not editable). */
export type LabelType = 'regular' | 'builtin';
/** `label_membership_type`: hosts join by query result (dynamic), by hand (manual), or by platform (builtin). */
export type LabelMembershipType = 'dynamic' | 'manual' | 'platform';

/**
 * `labels`: named host sets. Dynamic labels carry osquery SQL (and an optional platform) that
 * hosts run as `fleet_label_query_<id>`; manual labels list their hosts in `label_membership`;
 * builtin platform labels match hosts by `hosts.platform` (`platforms`, comma-separated; empty
 * = every host). Owned by api-gateway.
 */
@Entity({ name: 'labels' })
export class LabelEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('uq_labels_name', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 1023, default: '' })
  description!: string;

  @Column({ type: 'text' })
  query!: string;

  /** osquery platform the query runs on ('' = every platform). */
  @Column({ type: 'varchar', length: 255, default: '' })
  platform!: string;

  @Column({ name: 'label_type', type: 'varchar', length: 16, default: 'regular' })
  labelType!: LabelType;

  @Column({ name: 'label_membership_type', type: 'varchar', length: 16, default: 'dynamic' })
  membershipType!: LabelMembershipType;

  /** Builtin platform labels: the `hosts.platform` values that belong (comma-separated; '' = all hosts). */
  @Column({ type: 'varchar', length: 1023, default: '' })
  platforms!: string;

  @Column({ name: 'author_id', type: 'integer', nullable: true })
  authorId!: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
