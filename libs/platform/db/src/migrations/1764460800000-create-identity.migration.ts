import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import { createdAtColumn, updatedAtColumn } from './portable-columns';

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const text = (name: string, length = 255): TableColumnOptions => ({ name, type: 'varchar', length: String(length), default: "''" });
const flag = (name: string): TableColumnOptions => ({ name, type: 'boolean', default: 0 });
const nullable = (name: string, type: string, length?: number): TableColumnOptions => ({ name, type, isNullable: true, ...(length ? { length: String(length) } : {}) });

/** Admin identity: `users`, `user_teams`, `teams`, `invites`, `password_reset_requests` and the `activities` audit log. */
export class CreateIdentity1764460800000 implements MigrationInterface {
  readonly name = 'CreateIdentity1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'email', type: 'varchar', length: '255' },
          nullable('password_hash', 'varchar', 255),
          nullable('global_role', 'varchar', 32),
          flag('api_only'),
          flag('sso_enabled'),
          flag('mfa_enabled'),
          flag('force_password_reset'),
          text('position'),
          text('gravatar_url'),
          nullable('settings_json', 'json'),
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [new TableIndex({ name: 'uq_users_email', columnNames: ['email'], isUnique: true })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_teams',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'team_id', type: 'integer', isPrimary: true },
          { name: 'role', type: 'varchar', length: '32' },
        ],
        indices: [new TableIndex({ name: 'ix_user_teams_team_id', columnNames: ['team_id'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'teams',
        columns: [id, { name: 'name', type: 'varchar', length: '255' }, text('description', 1023), nullable('config_json', 'json'), createdAtColumn(queryRunner), updatedAtColumn(queryRunner)],
        indices: [new TableIndex({ name: 'uq_teams_name', columnNames: ['name'], isUnique: true })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'invites',
        columns: [
          id,
          { name: 'email', type: 'varchar', length: '255' },
          text('name'),
          text('position'),
          nullable('global_role', 'varchar', 32),
          nullable('teams_json', 'json'),
          { name: 'token_hash', type: 'varchar', length: '64' },
          nullable('invited_by', 'integer'),
          flag('sso_enabled'),
          flag('mfa_enabled'),
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [
          new TableIndex({ name: 'uq_invites_email', columnNames: ['email'], isUnique: true }),
          new TableIndex({ name: 'uq_invites_token_hash', columnNames: ['token_hash'], isUnique: true }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'password_reset_requests',
        columns: [id, { name: 'user_id', type: 'integer' }, { name: 'token_hash', type: 'varchar', length: '64' }, { name: 'expires_at', type: 'datetime' }, createdAtColumn(queryRunner)],
        indices: [
          new TableIndex({ name: 'ix_password_reset_requests_user_id', columnNames: ['user_id'] }),
          new TableIndex({ name: 'uq_password_reset_requests_token_hash', columnNames: ['token_hash'], isUnique: true }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'activities',
        columns: [
          id,
          createdAtColumn(queryRunner),
          nullable('user_id', 'integer'),
          nullable('user_name', 'varchar', 255),
          text('user_email'),
          flag('api_only'),
          flag('fleet_initiated'),
          { name: 'activity_type', type: 'varchar', length: '255' },
          nullable('details', 'json'),
        ],
        indices: [
          new TableIndex({ name: 'ix_activities_created_at', columnNames: ['created_at'] }),
          new TableIndex({ name: 'ix_activities_activity_type', columnNames: ['activity_type'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['activities', 'password_reset_requests', 'invites', 'teams', 'user_teams', 'users']) await queryRunner.dropTable(table, true);
  }
}
