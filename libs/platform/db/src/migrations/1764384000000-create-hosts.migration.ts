import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import { createdAtColumn, updatedAtColumn } from './portable-columns';

const text = (name: string, length = 255): TableColumnOptions => ({ name, type: 'varchar', length: String(length), default: "''" });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer', default: 0 });
const double = (name: string): TableColumnOptions => ({ name, type: 'double', default: 0 });

/** `hosts`, `enroll_secrets` and `sessions`: osquery enrollment and host vitals, plus admin API credentials. */
export class CreateHosts1764384000000 implements MigrationInterface {
  readonly name = 'CreateHosts1764384000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'hosts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'osquery_host_id', type: 'varchar', length: '255' },
          { name: 'node_key', type: 'varchar', length: '255', isNullable: true },
          { name: 'team_id', type: 'integer', isNullable: true },
          ...['uuid', 'hostname', 'computer_name', 'platform', 'platform_like', 'os_version', 'build', 'code_name', 'kernel_version', 'osquery_version'].map((n) => text(n)),
          { name: 'orbit_version', type: 'varchar', length: '255', isNullable: true },
          ...['cpu_type', 'cpu_subtype', 'cpu_brand'].map((n) => text(n)),
          int('cpu_physical_cores'),
          int('cpu_logical_cores'),
          { name: 'memory', type: 'bigint', default: 0 },
          ...['hardware_vendor', 'hardware_model', 'hardware_version', 'hardware_serial'].map((n) => text(n)),
          text('primary_ip', 45),
          text('primary_mac', 17),
          { name: 'uptime', type: 'bigint', default: 0 },
          double('gigs_disk_space_available'),
          double('percent_disk_space_available'),
          double('gigs_total_disk_space'),
          { name: 'disk_encryption_enabled', type: 'boolean', isNullable: true },
          int('distributed_interval'),
          int('config_tls_refresh'),
          int('logger_tls_period'),
          { name: 'users_json', type: 'json', isNullable: true },
          { name: 'mdm_json', type: 'json', isNullable: true },
          { name: 'detail_updated_at', type: 'datetime', isNullable: true },
          { name: 'refetch_requested', type: 'boolean', default: 0 },
          { name: 'last_enrolled_at', type: 'datetime', isNullable: true },
          { name: 'seen_time', type: 'datetime', isNullable: true },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [
          new TableIndex({ name: 'uq_hosts_osquery_host_id', columnNames: ['osquery_host_id'], isUnique: true }),
          new TableIndex({ name: 'uq_hosts_node_key', columnNames: ['node_key'], isUnique: true }),
          new TableIndex({ name: 'ix_hosts_seen_time', columnNames: ['seen_time'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'enroll_secrets',
        columns: [{ name: 'secret', type: 'varchar', length: '255', isPrimary: true }, { name: 'team_id', type: 'integer', isNullable: true }, createdAtColumn(queryRunner)],
        indices: [new TableIndex({ name: 'ix_enroll_secrets_team_id', columnNames: ['team_id'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'integer', isNullable: true },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '255', default: "''" },
          { name: 'api_only', type: 'boolean', default: 0 },
          createdAtColumn(queryRunner),
          { name: 'accessed_at', type: 'datetime', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'uq_sessions_token_hash', columnNames: ['token_hash'], isUnique: true })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sessions', true);
    await queryRunner.dropTable('enroll_secrets', true);
    await queryRunner.dropTable('hosts', true);
  }
}
