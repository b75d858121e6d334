export * from './database';
export * from './database.options';
export * from './entity-manager-source';
export * from './schema.migrator';
export * from './connection-errors';
export { parseMysqlUrl, redactUrl, describeMysqlTarget, type MysqlTarget } from './mysql-url';
export * from './entities';
export * from './migrations';
export * from './repositories/app-config.repository';
