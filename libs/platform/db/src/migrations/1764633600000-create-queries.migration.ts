import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import { createdAtColumn, updatedAtColumn } from './portable-columns';

const text = (name: string, length: number, fallback = "''"): TableColumnOptions => ({ name, type: 'varchar', length: String(length), default: fallback });
const flag = (name: string): TableColumnOptions => ({ name, type: 'boolean', default: 0 });

/** Saved queries (Fleet's "reports"): `queries`, global (`team_id` NULL) or per team, names unique per team; and `query_stats`, their performance per host. */
export class CreateQueries1764633600000 implements MigrationInterface {
  readonly name = 'CreateQueries1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'queries',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'team_id', type: 'integer', isNullable: true },
          { name: 'team_key', type: 'integer', default: 0 },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'description', type: 'text' },
          { name: 'query', type: 'text' },
          { name: 'author_id', type: 'integer', isNullable: true },
          flag('observer_can_run'),
          text('platform', 255),
          text('min_osquery_version', 255),
          { name: 'schedule_interval', type: 'integer', default: 0 },
          flag('automations_enabled'),
          text('logging_type', 32, "'snapshot'"),
          flag('discard_data'),
          flag('saved'),
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [
          new TableIndex({ name: 'uq_queries_team_name', columnNames: ['team_key', 'name'], isUnique: true }),
          new TableIndex({ name: 'ix_queries_team_saved', columnNames: ['team_key', 'saved'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'query_stats',
        columns: [
          { name: 'query_id', type: 'integer', isPrimary: true },
          { name: 'host_id', type: 'integer', isPrimary: true },
          { name: 'query_type', type: 'varchar', length: '16', isPrimary: true },
          { name: 'executions', type: 'integer', default: 0 },
          { name: 'wall_time_ms', type: 'bigint', default: 0 },
          { name: 'user_time', type: 'bigint', default: 0 },
          { name: 'system_time', type: 'bigint', default: 0 },
          { name: 'memory', type: 'bigint', default: 0 },
          { name: 'last_executed', type: 'datetime', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'ix_query_stats_host_id', columnNames: ['host_id'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('query_stats', true);
    await queryRunner.dropTable('queries', true);
  }
}
