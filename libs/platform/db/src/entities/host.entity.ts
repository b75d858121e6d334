import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A host user reported by the `users` detail query. */
export interface HostUserRecord {
  uid: string;
  username: string;
  type: string;
  groupname: string;
  shell: string;
}

/** MDM enrollment facts reported by the `mdm` / `mdm_windows` detail queries. */
export interface HostMdmRecord {
  enrolled: boolean;
  serverUrl?: string;
  installedFromDep?: boolean;
  name?: string;
}

/**
 * `hosts`: one row per enrolled osquery agent, keyed by its host identifier (Fleet's
 * `osquery_host_id`). Owned (written) by osquery-ingest; api-gateway reads it.
 * Vitals columns follow Fleet's names so the hosts API maps one to one.
 */
@Entity({ name: 'hosts' })
export class HostEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('uq_hosts_osquery_host_id', { unique: true })
  @Column({ name: 'osquery_host_id', type: 'varchar', length: 255 })
  osqueryHostId!: string;

  @Index('uq_hosts_node_key', { unique: true })
  @Column({ name: 'node_key', type: 'varchar', length: 255, nullable: true })
  nodeKey!: string | null;

  @Column({ name: 'team_id', type: 'integer', nullable: true })
  teamId!: number | null;

  @Column({ type: 'varchar', length: 255, default: '' }) uuid!: string;
  @Column({ type: 'varchar', length: 255, default: '' }) hostname!: string;
  @Column({ name: 'computer_name', type: 'varchar', length: 255, default: '' }) computerName!: string;
  @Column({ type: 'varchar', length: 255, default: '' }) platform!: string;
  @Column({ name: 'platform_like', type: 'varchar', length: 255, default: '' }) platformLike!: string;
  @Column({ name: 'os_version', type: 'varchar', length: 255, default: '' }) osVersion!: string;
  @Column({ type: 'varchar', length: 255, default: '' }) build!: string;
  @Column({ name: 'code_name', type: 'varchar', length: 255, default: '' }) codeName!: string;
  @Column({ name: 'kernel_version', type: 'varchar', length: 255, default: '' }) kernelVersion!: string;
  @Column({ name: 'osquery_version', type: 'varchar', length: 255, default: '' }) osqueryVersion!: string;
  @Column({ name: 'orbit_version', type: 'varchar', length: 255, nullable: true }) orbitVersion!: string | null;
  @Column({ name: 'cpu_type', type: 'varchar', length: 255, default: '' }) cpuType!: string;
  @Column({ name: 'cpu_subtype', type: 'varchar', length: 255, default: '' }) cpuSubtype!: string;
  @Column({ name: 'cpu_brand', type: 'varchar', length: 255, default: '' }) cpuBrand!: string;
  @Column({ name: 'cpu_physical_cores', type: 'integer', default: 0 }) cpuPhysicalCores!: number;
  @Column({ name: 'cpu_logical_cores', type: 'integer', default: 0 }) cpuLogicalCores!: number;
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } }) memory!: number;
  @Column({ name: 'hardware_vendor', type: 'varchar', length: 255, default: '' }) hardwareVendor!: string;
  @Column({ name: 'hardware_model', type: 'varchar', length: 255, default: '' }) hardwareModel!: string;
  @Column({ name: 'hardware_version', type: 'varchar', length: 255, default: '' }) hardwareVersion!: string;
  @Column({ name: 'hardware_serial', type: 'varchar', length: 255, default: '' }) hardwareSerial!: string;
  @Column({ name: 'primary_ip', type: 'varchar', length: 45, default: '' }) primaryIp!: string;
  @Column({ name: 'primary_mac', type: 'varchar', length: 17, default: '' }) primaryMac!: string;
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } }) uptime!: number;
  @Column({ name: 'gigs_disk_space_available', type: 'double', default: 0 }) gigsDiskSpaceAvailable!: number;
  @Column({ name: 'percent_disk_space_available', type: 'double', default: 0 }) percentDiskSpaceAvailable!: number;
  @Column({ name: 'gigs_total_disk_space', type: 'double', default: 0 }) gigsTotalDiskSpace!: number;
  @Column({ name: 'disk_encryption_enabled', type: 'boolean', nullable: true }) diskEncryptionEnabled!: boolean | null;
  @Column({ name: 'distributed_interval', type: 'integer', default: 0 }) distributedInterval!: number;
  @Column({ name: 'config_tls_refresh', type: 'integer', default: 0 }) configTlsRefresh!: number;
  @Column({ name: 'logger_tls_period', type: 'integer', default: 0 }) loggerTlsPeriod!: number;
  @Column({ name: 'users_json', type: 'json', nullable: true }) users!: HostUserRecord[] | null;
  @Column({ name: 'mdm_json', type: 'json', nullable: true }) mdm!: HostMdmRecord | null;

  @Column({ name: 'detail_updated_at', type: 'datetime', nullable: true }) detailUpdatedAt!: Date | null;
  @Column({ name: 'refetch_requested', type: 'boolean', default: false }) refetchRequested!: boolean;
  /** When the host last reported its label / policy query results. */
  @Column({ name: 'label_updated_at', type: 'datetime', nullable: true }) labelUpdatedAt!: Date | null;
  @Column({ name: 'policy_updated_at', type: 'datetime', nullable: true }) policyUpdatedAt!: Date | null;
  @Column({ name: 'last_enrolled_at', type: 'datetime', nullable: true }) lastEnrolledAt!: Date | null;
  @Index('ix_hosts_seen_time')
  @Column({ name: 'seen_time', type: 'datetime', nullable: true }) seenTime!: Date | null;

  @CreateDateColumn({ name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt!: Date;
}
