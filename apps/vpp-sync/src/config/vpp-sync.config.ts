import { Env, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';

/** vpp-sync's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const VPP_SYNC_OWN_CONFIG: OwnConfig = { shape: {}, secrets: [] };

export const VPP_SYNC_CONFIG = serviceConfigSpec('vpp-sync', VPP_SYNC_OWN_CONFIG);

export function loadVppSyncConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(VPP_SYNC_CONFIG, env) as ServiceEnv;
}
