import { Env, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';

/** mdm-apple's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const MDM_APPLE_OWN_CONFIG: OwnConfig = { shape: {}, secrets: [] };

export const MDM_APPLE_CONFIG = serviceConfigSpec('mdm-apple', MDM_APPLE_OWN_CONFIG);

export function loadMdmAppleConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(MDM_APPLE_CONFIG, env) as ServiceEnv;
}
