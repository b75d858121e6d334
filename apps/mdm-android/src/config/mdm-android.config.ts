import { Env, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';

/** mdm-android's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const MDM_ANDROID_OWN_CONFIG: OwnConfig = { shape: {}, secrets: [] };

export const MDM_ANDROID_CONFIG = serviceConfigSpec('mdm-android', MDM_ANDROID_OWN_CONFIG);

export function loadMdmAndroidConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(MDM_ANDROID_CONFIG, env) as ServiceEnv;
}
