import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column definitions that must differ per dialect, derived from the connected driver's own
 * mapping (the same one `@CreateDateColumn`/`@UpdateDateColumn` use) so migrations stay on
 * the QueryRunner table API and match the entities exactly:
 * MySQL `datetime(6) DEFAULT CURRENT_TIMESTAMP(6) [ON UPDATE CURRENT_TIMESTAMP(6)]`,
 * SQLite `datetime DEFAULT (datetime('now'))`.
 */
export function createdAtColumn(queryRunner: QueryRunner, name = 'created_at'): TableColumnOptions {
  const mapped = queryRunner.connection.driver.mappedDataTypes;
  return {
    name,
    type: String(mapped.createDate),
    isNullable: false,
    default: mapped.createDateDefault,
    ...(mapped.createDatePrecision ? { precision: mapped.createDatePrecision } : {}),
  };
}

export function updatedAtColumn(queryRunner: QueryRunner, name = 'updated_at'): TableColumnOptions {
  const mapped = queryRunner.connection.driver.mappedDataTypes;
  const onUpdate = supportsOnUpdate(queryRunner) ? mapped.updateDateDefault : undefined;
  return {
    name,
    type: String(mapped.updateDate),
    isNullable: false,
    default: mapped.updateDateDefault,
    ...(mapped.updateDatePrecision ? { precision: mapped.updateDatePrecision } : {}),
    ...(onUpdate ? { onUpdate } : {}),
  };
}

/** MySQL/MariaDB support `ON UPDATE` on datetime columns; SQLite relies on TypeORM setting the column. */
function supportsOnUpdate(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  return type === 'mysql' || type === 'mariadb';
}
