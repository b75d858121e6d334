import { API_GATEWAY_OWN_CONFIG } from '@flotilla/app-api-gateway';
import { LIVE_QUERY_OWN_CONFIG } from '@flotilla/app-live-query';
import { LOG_SHIPPER_OWN_CONFIG, LOG_SHIPPER_STANDALONE_CONFIG } from '@flotilla/app-log-shipper';
import { MDM_ANDROID_OWN_CONFIG } from '@flotilla/app-mdm-android';
import { MDM_APPLE_OWN_CONFIG } from '@flotilla/app-mdm-apple';
import { MDM_WINDOWS_OWN_CONFIG } from '@flotilla/app-mdm-windows';
import { OSQUERY_INGEST_OWN_CONFIG } from '@flotilla/app-osquery-ingest';
import { SCEP_PROXY_OWN_CONFIG } from '@flotilla/app-scep-proxy';
import { VPP_SYNC_OWN_CONFIG } from '@flotilla/app-vpp-sync';
import { VULN_OWN_CONFIG } from '@flotilla/app-vuln';
import { Env, parseConfig, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';

/**
 * Standalone reads the platform's HTTP/data keys plus every service's own keys, and the NATS/S3
 * connection keys log-shipper's nats and s3 destinations need (its bus and storage are embedded).
 */
export const STANDALONE_CONFIG = standaloneConfigSpec([
  API_GATEWAY_OWN_CONFIG,
  OSQUERY_INGEST_OWN_CONFIG,
  LIVE_QUERY_OWN_CONFIG,
  MDM_APPLE_OWN_CONFIG,
  MDM_WINDOWS_OWN_CONFIG,
  MDM_ANDROID_OWN_CONFIG,
  SCEP_PROXY_OWN_CONFIG,
  VPP_SYNC_OWN_CONFIG,
  VULN_OWN_CONFIG,
  LOG_SHIPPER_OWN_CONFIG,
  LOG_SHIPPER_STANDALONE_CONFIG,
]);

export function loadStandaloneConfig(env: Env = process.env): ServiceEnv {
  return parseConfig(STANDALONE_CONFIG, env) as ServiceEnv;
}
