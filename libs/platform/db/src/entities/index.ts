import type { EntityClass } from '../database.options';
import { AppConfigEntity } from './app-config.entity';

import { EnrollSecretEntity } from './enroll-secret.entity';
import { HostEntity } from './host.entity';
import { SessionEntity } from './session.entity';

export { APP_CONFIG_ID, AppConfigEntity } from './app-config.entity';
export { EnrollSecretEntity } from './enroll-secret.entity';
export { HostEntity } from './host.entity';
export type { HostMdmRecord, HostUserRecord } from './host.entity';
export { SessionEntity } from './session.entity';

/** Every entity of the schema. Add new entities here (and their table in a new migration). */
export const ALL_ENTITIES: readonly EntityClass[] = [AppConfigEntity, HostEntity, EnrollSecretEntity, SessionEntity];
