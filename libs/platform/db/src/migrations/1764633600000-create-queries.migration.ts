import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import { createdAtColumn, updatedAtColumn } from './portable-columns';

const text = (name: string, length: number, fallback = "''"): TableColumnOptions => ({ name, type: 'varchar', length: String(length), default: fallback });
const flag = (name: string): TableColumnOptions => ({ name, type: 'boolean', default: 0 });

/** Saved queries (Fleet's "reports"): `queries`, global (`team_id` NULL) or per team, names unique per team. */
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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('queries', true);
  }
}
