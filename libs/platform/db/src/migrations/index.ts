import type { MigrationClass } from '../database.options';
import { CreateAppConfig1732838400000 } from './1732838400000-create-app-config.migration';
import { CreateHosts1764384000000 } from './1764384000000-create-hosts.migration';
import { CreateIdentity1764460800000 } from './1764460800000-create-identity.migration';
import { CreateLabelsPolicies1764547200000 } from './1764547200000-create-labels-policies.migration';
import { CreateQueries1764633600000 } from './1764633600000-create-queries.migration';
import { CreatePacksReports1764720000000 } from './1764720000000-create-packs-reports.migration';

export { CreateAppConfig1732838400000 } from './1732838400000-create-app-config.migration';
export { CreateHosts1764384000000 } from './1764384000000-create-hosts.migration';
export { CreateIdentity1764460800000 } from './1764460800000-create-identity.migration';
export { CreateLabelsPolicies1764547200000 } from './1764547200000-create-labels-policies.migration';
export { CreateQueries1764633600000 } from './1764633600000-create-queries.migration';
export { CreatePacksReports1764720000000 } from './1764720000000-create-packs-reports.migration';

/**
 * Every migration, oldest first. Append new ones at the end: a class named
 * `<PascalName><13-digit ms timestamp>` in `src/migrations/<timestamp>-<name>.migration.ts`,
 * written with the QueryRunner table API only (it runs on MySQL/MariaDB and SQLite).
 * A shipped migration never changes; fix forward with a new one.
 */
export const ALL_MIGRATIONS: readonly MigrationClass[] = [CreateAppConfig1732838400000, CreateHosts1764384000000, CreateIdentity1764460800000, CreateLabelsPolicies1764547200000, CreateQueries1764633600000, CreatePacksReports1764720000000];
