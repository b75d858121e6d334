import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { createdAtColumn, updatedAtColumn } from './portable-columns';

/**
 * Scheduling and its data: legacy `packs` (with `pack_targets` and their `scheduled_queries`,
 * each running a saved query), `query_results` (each scheduled query's latest rows per host, the
 * "query report"), and the columns `query_stats` needs for scheduled runs (osquery_schedule's
 * output size and denylisting).
 */
export class CreatePacksReports1764720000000 implements MigrationInterface {
  readonly name = 'CreatePacksReports1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'packs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'description', type: 'text' },
          { name: 'platform', type: 'varchar', length: '255', default: "''" },
          { name: 'disabled', type: 'boolean', default: 0 },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [new TableIndex({ name: 'uq_packs_name', columnNames: ['name'], isUnique: true })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'pack_targets',
        columns: [
          { name: 'pack_id', type: 'integer', isPrimary: true },
          { name: 'type', type: 'varchar', length: '16', isPrimary: true },
          { name: 'target_id', type: 'integer', isPrimary: true },
        ],
        indices: [new TableIndex({ name: 'ix_pack_targets_target', columnNames: ['type', 'target_id'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'scheduled_queries',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'pack_id', type: 'integer' },
          { name: 'query_id', type: 'integer' },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'description', type: 'text' },
          { name: 'schedule_interval', type: 'integer', default: 0 },
          { name: 'snapshot', type: 'boolean', isNullable: true },
          { name: 'removed', type: 'boolean', isNullable: true },
          { name: 'platform', type: 'varchar', length: '255', isNullable: true },
          { name: 'version', type: 'varchar', length: '255', isNullable: true },
          { name: 'shard', type: 'integer', isNullable: true },
          { name: 'denylist', type: 'boolean', isNullable: true },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [
          new TableIndex({ name: 'uq_scheduled_queries_pack_name', columnNames: ['pack_id', 'name'], isUnique: true }),
          new TableIndex({ name: 'ix_scheduled_queries_query_id', columnNames: ['query_id'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'query_results',
        columns: [
          { name: 'query_id', type: 'integer', isPrimary: true },
          { name: 'host_id', type: 'integer', isPrimary: true },
          { name: 'last_fetched', type: 'datetime' },
          { name: 'row_count', type: 'integer', default: 0 },
          { name: 'clipped', type: 'boolean', default: 0 },
          { name: 'rows_json', type: 'json' },
        ],
        indices: [new TableIndex({ name: 'ix_query_results_host_id', columnNames: ['host_id'] })],
      }),
      true,
    );
    await queryRunner.addColumns('query_stats', [
      new TableColumn({ name: 'output_size', type: 'bigint', default: 0 }),
      new TableColumn({ name: 'denylisted', type: 'boolean', default: 0 }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('query_stats', 'denylisted');
    await queryRunner.dropColumn('query_stats', 'output_size');
    await queryRunner.dropTable('query_results', true);
    await queryRunner.dropTable('scheduled_queries', true);
    await queryRunner.dropTable('pack_targets', true);
    await queryRunner.dropTable('packs', true);
  }
}
