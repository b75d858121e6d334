import { Env, OwnConfig, parseConfig, serviceConfigSpec, ServiceEnv } from '@flotilla/platform-config';

/** vuln's own configuration keys, beyond the platform's (also merged into the standalone process). */
export const VULN_OWN_CONFIG: OwnConfig = { shape: {}, secrets: [] };

export const VULN_CONFIG = serviceConfigSpec('vuln', VULN_OWN_CONFIG);

export function loadVulnConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(VULN_CONFIG, env) as ServiceEnv;
}
