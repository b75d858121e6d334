import type { EntityClass } from '../database.options';
import { AppConfigEntity } from './app-config.entity';

export { APP_CONFIG_ID, AppConfigEntity } from './app-config.entity';

/** Every entity of the schema. Add new entities here (and their table in a new migration). */
export const ALL_ENTITIES: readonly EntityClass[] = [AppConfigEntity];
