import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { createdAtColumn, updatedAtColumn } from './portable-columns';

/** `app_config`: Fleet's global settings as one JSON document (see AppConfigEntity). */
export class CreateAppConfig1732838400000 implements MigrationInterface {
  readonly name = 'CreateAppConfig1732838400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'app_config',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'json_value', type: 'json', isNullable: false },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('app_config', true);
  }
}
