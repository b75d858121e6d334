import { Env, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';

/** mdm-windows's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const MDM_WINDOWS_OWN_CONFIG: OwnConfig = { shape: {}, secrets: [] };

export const MDM_WINDOWS_CONFIG = serviceConfigSpec('mdm-windows', MDM_WINDOWS_OWN_CONFIG);

export function loadMdmWindowsConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(MDM_WINDOWS_CONFIG, env) as ServiceEnv;
}
