import type { ErrorDetail } from '@flotilla/platform-errors';
import { DEFAULT_AGENT_OPTIONS } from '@flotilla/domain';

/** Minimum OS version and deadline Apple devices are nudged to (both set, or both null). */
export interface AppleOsUpdates {
  minimum_version: string | null;
  deadline: string | null;
}

/**
 * A team's MDM settings as stored (Fleet 4.86's names; the legacy `team` rendering renames them).
 * Configuration profiles, bootstrap packages and setup scripts are uploaded through their own
 * APIs, so they are not part of this document.
 */
export interface TeamMdm {
  enable_disk_encryption: boolean;
  enable_recovery_lock_password: boolean;
  windows_require_bitlocker_pin: boolean;
  macos_updates: AppleOsUpdates & { update_new_hosts: boolean };
  ios_updates: AppleOsUpdates;
  ipados_updates: AppleOsUpdates;
  windows_updates: { deadline_days: number | null; grace_period_days: number | null };
  setup_experience: {
    enable_end_user_authentication: boolean;
    apple_enable_release_device_manually: boolean;
    lock_end_user_info: boolean;
    require_all_software_macos: boolean;
    require_all_software_windows: boolean;
  };
}

export interface TeamFeatures {
  enable_host_users: boolean;
  enable_software_inventory: boolean;
  additional_queries?: Record<string, string> | null;
  historical_data: { uptime: boolean; vulnerabilities: boolean };
}

export interface TeamWebhookSettings {
  failing_policies_webhook: { enable_failing_policies_webhook: boolean; destination_url: string; policy_ids: number[] | null; host_batch_size: number };
  host_status_webhook: { enable_host_status_webhook: boolean; destination_url: string; host_percentage: number; days_count: number };
}

export interface TeamIntegrations {
  jira: Array<{ url: string; project_key: string; enable_failing_policies: boolean }> | null;
  zendesk: Array<{ url: string; group_id: number; enable_failing_policies: boolean }> | null;
  google_calendar: { enable_calendar_events: boolean; webhook_url: string } | null;
  conditional_access_enabled: boolean | null;
}

/** Everything a team's `config` JSON holds, with defaults filled in. */
export interface TeamSettings {
  agent_options: Record<string, unknown>;
  features: TeamFeatures;
  host_expiry_settings: { host_expiry_enabled: boolean; host_expiry_window: number };
  webhook_settings: TeamWebhookSettings;
  integrations: TeamIntegrations;
  mdm: TeamMdm;
}

/** The parts of the settings a PATCH (or a create) may change; agent options have their own route. */
export const SETTINGS_KEYS = ['features', 'host_expiry_settings', 'webhook_settings', 'integrations', 'mdm'] as const;
export type SettingsKey = (typeof SETTINGS_KEYS)[number];

const noUpdates = (): AppleOsUpdates => ({ minimum_version: null, deadline: null });

/** What a team without stored settings is served (Fleet's defaults for a new team). */
export function defaultTeamSettings(): TeamSettings {
  return {
    agent_options: structuredClone(DEFAULT_AGENT_OPTIONS) as Record<string, unknown>,
    features: { enable_host_users: true, enable_software_inventory: true, historical_data: { uptime: true, vulnerabilities: true } },
    host_expiry_settings: { host_expiry_enabled: false, host_expiry_window: 0 },
    webhook_settings: {
      failing_policies_webhook: { enable_failing_policies_webhook: false, destination_url: '', policy_ids: null, host_batch_size: 0 },
      host_status_webhook: { enable_host_status_webhook: false, destination_url: '', host_percentage: 0, days_count: 0 },
    },
    integrations: { jira: null, zendesk: null, google_calendar: null, conditional_access_enabled: null },
    mdm: {
      enable_disk_encryption: false,
      enable_recovery_lock_password: false,
      windows_require_bitlocker_pin: false,
      macos_updates: { ...noUpdates(), update_new_hosts: false },
      ios_updates: noUpdates(),
      ipados_updates: noUpdates(),
      windows_updates: { deadline_days: null, grace_period_days: null },
      setup_experience: {
        enable_end_user_authentication: false,
        apple_enable_release_device_manually: false,
        lock_end_user_info: false,
        require_all_software_macos: false,
        require_all_software_windows: false,
      },
    },
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `patch` laid over `base`: objects merge key by key, anything else (arrays, null, scalars) replaces. */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) out[key] = deepMerge(out[key], value);
  return out as T;
}

/** The settings a team's stored `config` stands for: each stored part over the defaults. */
export function settingsOf(config: Record<string, unknown> | null): TeamSettings {
  const defaults = defaultTeamSettings();
  if (!config) return defaults;
  const settings = deepMerge(defaults, Object.fromEntries(SETTINGS_KEYS.map((k) => [k, config[k]])));
  return { ...settings, agent_options: isPlainObject(config['agent_options']) ? config['agent_options'] : defaults.agent_options };
}

const isHttpUrl = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** Rules that span fields, checked on the settings a change would leave (Fleet's checks). */
export function settingsProblems(s: TeamSettings): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (name: string, reason: string) => problems.push({ name, reason });
  if (s.host_expiry_settings.host_expiry_enabled && s.host_expiry_settings.host_expiry_window <= 0) {
    add('host_expiry_settings.host_expiry_window', 'host_expiry_window must be greater than 0 when host expiry is enabled');
  }
  const fp = s.webhook_settings.failing_policies_webhook;
  if (fp.enable_failing_policies_webhook && !isHttpUrl(fp.destination_url)) {
    add('webhook_settings.failing_policies_webhook.destination_url', 'an http(s) destination_url is required when the webhook is enabled');
  }
  const hs = s.webhook_settings.host_status_webhook;
  if (hs.enable_host_status_webhook) {
    if (!isHttpUrl(hs.destination_url)) add('webhook_settings.host_status_webhook.destination_url', 'an http(s) destination_url is required when the webhook is enabled');
    if (hs.host_percentage <= 0) add('webhook_settings.host_status_webhook.host_percentage', 'host_percentage must be greater than 0 when the webhook is enabled');
    if (hs.days_count <= 0) add('webhook_settings.host_status_webhook.days_count', 'days_count must be greater than 0 when the webhook is enabled');
  }
  const calendar = s.integrations.google_calendar;
  if (calendar?.enable_calendar_events && !isHttpUrl(calendar.webhook_url)) {
    add('integrations.google_calendar.webhook_url', 'an http(s) webhook_url is required when calendar events are enabled');
  }
  for (const os of ['macos_updates', 'ios_updates', 'ipados_updates'] as const) {
    const u = s.mdm[os];
    if ((u.minimum_version === null) !== (u.deadline === null)) add(`mdm.${os}`, 'minimum_version and deadline must be set together (or both cleared)');
  }
  const w = s.mdm.windows_updates;
  if ((w.deadline_days === null) !== (w.grace_period_days === null)) add('mdm.windows_updates', 'deadline_days and grace_period_days must be set together (or both cleared)');
  return problems;
}
