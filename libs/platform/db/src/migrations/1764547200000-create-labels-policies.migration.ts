import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions, TableIndex } from 'typeorm';
import { createdAtColumn, updatedAtColumn } from './portable-columns';

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const text = (name: string, length: number, fallback = "''"): TableColumnOptions => ({ name, type: 'varchar', length: String(length), default: fallback });

/**
 * Labels and policies: `labels`, `label_membership`, `policies`, `policy_membership`,
 * `policy_stats`, and when each host last reported its label and policy answers.
 */
export class CreateLabelsPolicies1764547200000 implements MigrationInterface {
  readonly name = 'CreateLabelsPolicies1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'labels',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '255' },
          text('description', 1023),
          { name: 'query', type: 'text' },
          text('platform', 255),
          text('label_type', 16, "'regular'"),
          text('label_membership_type', 16, "'dynamic'"),
          text('platforms', 1023),
          { name: 'author_id', type: 'integer', isNullable: true },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [new TableIndex({ name: 'uq_labels_name', columnNames: ['name'], isUnique: true })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'label_membership',
        columns: [{ name: 'label_id', type: 'integer', isPrimary: true }, { name: 'host_id', type: 'integer', isPrimary: true }, createdAtColumn(queryRunner), updatedAtColumn(queryRunner)],
        indices: [new TableIndex({ name: 'ix_label_membership_host_id', columnNames: ['host_id'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'policies',
        columns: [
          id,
          { name: 'team_id', type: 'integer', isNullable: true },
          { name: 'team_key', type: 'integer', default: 0 },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'query', type: 'text' },
          { name: 'description', type: 'text' },
          { name: 'resolution', type: 'text' },
          text('platform', 255),
          { name: 'critical', type: 'boolean', default: 0 },
          { name: 'labels_include_any', type: 'json', isNullable: true },
          { name: 'labels_exclude_any', type: 'json', isNullable: true },
          { name: 'author_id', type: 'integer', isNullable: true },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [
          new TableIndex({ name: 'uq_policies_team_name', columnNames: ['team_key', 'name'], isUnique: true }),
          new TableIndex({ name: 'ix_policies_team_id', columnNames: ['team_id'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'policy_membership',
        columns: [{ name: 'policy_id', type: 'integer', isPrimary: true }, { name: 'host_id', type: 'integer', isPrimary: true }, { name: 'passes', type: 'boolean', isNullable: true }, updatedAtColumn(queryRunner)],
        indices: [
          new TableIndex({ name: 'ix_policy_membership_host_id', columnNames: ['host_id'] }),
          new TableIndex({ name: 'ix_policy_membership_policy_passes', columnNames: ['policy_id', 'passes'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'policy_stats',
        columns: [
          { name: 'policy_id', type: 'integer', isPrimary: true },
          { name: 'passing_host_count', type: 'integer', default: 0 },
          { name: 'failing_host_count', type: 'integer', default: 0 },
          updatedAtColumn(queryRunner),
        ],
      }),
      true,
    );
    await queryRunner.addColumns('hosts', [
      new TableColumn({ name: 'label_updated_at', type: 'datetime', isNullable: true }),
      new TableColumn({ name: 'policy_updated_at', type: 'datetime', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('hosts', 'policy_updated_at');
    await queryRunner.dropColumn('hosts', 'label_updated_at');
    for (const table of ['policy_stats', 'policy_membership', 'policies', 'label_membership', 'labels']) await queryRunner.dropTable(table, true);
  }
}
