import type { AppConfigSettings } from './app-config.schema';

const NS_PER_SECOND = 1_000_000_000;
const HOUR_NS = 3_600 * NS_PER_SECOND;

/** What the computed parts of the document are derived from (the platform's settings). */
export interface RuntimeFacts {
  dataDir: string;
  /** The server logs at debug level (LOG_LEVEL debug or trace). */
  debug: boolean;
}

interface FileLogConfig {
  result_log_file: string;
  status_log_file: string;
  audit_log_file: string;
  enable_log_rotation: boolean;
  enable_log_compression: boolean;
  max_size: number;
  max_age: number;
  max_backups: number;
}

/** Parts of Fleet's GET /config the server computes (not settable; a PATCH that carries them has them ignored). */
export interface ComputedSections {
  license: { tier: 'free'; organization: string; device_count: number; expiration: string; note: string; managed_cloud: boolean };
  logging: {
    debug: boolean;
    json: boolean;
    result: { plugin: string; config: FileLogConfig };
    status: { plugin: string; config: FileLogConfig };
    audit: { plugin: string; config: null };
  };
  /** Go durations, in nanoseconds as Fleet serialises them. */
  update_interval: { osquery_detail: number; osquery_policy: number };
  vulnerabilities: {
    databases_path: string;
    periodicity: number;
    cpe_database_url: string;
    cpe_translations_url: string;
    cve_feed_prefix_url: string;
    current_instance_checks: string;
    disable_data_sync: boolean;
    recent_vulnerability_max_age: number;
    disable_win_os_vulnerabilities: boolean;
    osv_for_vulnerabilities: boolean;
  };
  conditional_access: {
    microsoft_entra_tenant_id: string;
    microsoft_entra_connection_configured: boolean;
    bypass_disabled: null;
    okta_idp_id: null;
    okta_assertion_consumer_service_url: null;
    okta_audience_uri: null;
    okta_certificate: null;
  };
}

/** Fleet's GET /config document: the effective settings plus the computed parts. */
export type AppConfigDocument = AppConfigSettings & ComputedSections;

/**
 * The computed parts. Flotilla has no paid tier: the license is Fleet's free one (Go's zero time
 * as expiration, as Fleet free answers). Logging describes log-shipper's default filesystem
 * destination (<data dir>/logs, rotated at 512 MiB, 5 gzipped files kept) and the server's JSON logs;
 * update intervals and vulnerability processing are the defaults the owning services use
 * (osquery-ingest's OSQUERY_DETAIL_UPDATE_INTERVAL_S and the vuln service's own settings are not
 * visible to api-gateway yet).
 */
export function computedSections(settings: AppConfigSettings, facts: RuntimeFacts): ComputedSections {
  const logDir = `${facts.dataDir}/logs`;
  const fileLog: FileLogConfig = {
    result_log_file: `${logDir}/osqueryd.results.log`,
    status_log_file: `${logDir}/osqueryd.status.log`,
    audit_log_file: `${logDir}/audit.log`,
    enable_log_rotation: true,
    enable_log_compression: true,
    max_size: 512,
    max_age: 0,
    max_backups: 5,
  };
  return {
    license: { tier: 'free', organization: '', device_count: 0, expiration: '0001-01-01T00:00:00Z', note: '', managed_cloud: false },
    logging: {
      debug: facts.debug,
      json: true,
      result: { plugin: 'filesystem', config: { ...fileLog } },
      status: { plugin: 'filesystem', config: { ...fileLog } },
      audit: { plugin: 'filesystem', config: null },
    },
    update_interval: { osquery_detail: HOUR_NS, osquery_policy: HOUR_NS },
    vulnerabilities: {
      databases_path: settings.vulnerability_settings.databases_path || `${facts.dataDir}/vulndb`,
      periodicity: HOUR_NS,
      cpe_database_url: '',
      cpe_translations_url: '',
      cve_feed_prefix_url: '',
      current_instance_checks: 'auto',
      disable_data_sync: false,
      recent_vulnerability_max_age: 30 * 24 * HOUR_NS,
      disable_win_os_vulnerabilities: false,
      osv_for_vulnerabilities: false,
    },
    conditional_access: {
      microsoft_entra_tenant_id: '',
      microsoft_entra_connection_configured: false,
      bypass_disabled: null,
      okta_idp_id: null,
      okta_assertion_consumer_service_url: null,
      okta_audience_uri: null,
      okta_certificate: null,
    },
  };
}

/** Keys computed inside settable sections (their stored value, if any, is never used). */
export function withComputedKeys(settings: AppConfigSettings): AppConfigSettings {
  const smtp = settings.smtp_settings;
  smtp.configured = smtp.enable_smtp && smtp.server !== '' && smtp.sender_address !== '';
  Object.assign(settings.mdm, { enabled_and_configured: false, apple_bm_enabled_and_configured: false, apple_bm_terms_expired: false, android_enabled_and_configured: false });
  return settings;
}
