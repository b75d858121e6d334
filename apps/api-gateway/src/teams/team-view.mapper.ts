import type { TeamFeatures, TeamIntegrations, TeamMdm, TeamSettings, TeamWebhookSettings } from './team-settings';

/** A team with everything its JSON shows. */
export interface TeamView {
  id: number;
  name: string;
  description: string;
  createdAt: Date;
  settings: TeamSettings;
  hostCount: number;
  userCount: number;
  /** Masked (`********`) for callers who may not read them. */
  secrets: Array<{ secret: string; createdAt: Date }>;
}

interface TeamJsonBase {
  id: number;
  created_at: string;
  name: string;
  description: string;
  agent_options: Record<string, unknown>;
  features: TeamFeatures;
  host_expiry_settings: TeamSettings['host_expiry_settings'];
  webhook_settings: TeamWebhookSettings;
  integrations: TeamIntegrations;
  mdm: Record<string, unknown>;
  scripts: null;
  software: { app_store_apps: null; fleet_maintained_apps: null; packages: null };
  host_count: number;
  user_count: number;
}

/** Fleet 4.86's `fleet` object. */
export interface FleetTeamJson extends TeamJsonBase {
  secrets: Array<{ secret: string; created_at: string; fleet_id: number }>;
}

/** The same team as pre-4.86 clients read it (`team`: `team_id`, `macos_settings`, `macos_setup`). */
export interface LegacyTeamJson extends TeamJsonBase {
  secrets: Array<{ secret: string; created_at: string; team_id: number }>;
}

/** Single-team responses carry both keys: 4.86 clients read `fleet`, older ones `team`. */
export interface TeamResponse {
  fleet: FleetTeamJson;
  team: LegacyTeamJson;
}

/** Fleet's timestamps: RFC 3339, second precision. */
export const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const updates = (u: { minimum_version: string | null; deadline: string | null }) => ({ minimum_version: u.minimum_version, deadline: u.deadline, update_new_hosts: null });

function commonMdm(m: TeamMdm): Record<string, unknown> {
  return {
    enable_disk_encryption: m.enable_disk_encryption,
    enable_recovery_lock_password: m.enable_recovery_lock_password,
    windows_require_bitlocker_pin: m.windows_require_bitlocker_pin,
    macos_updates: { ...m.macos_updates },
    ios_updates: updates(m.ios_updates),
    ipados_updates: updates(m.ipados_updates),
    windows_updates: { ...m.windows_updates },
  };
}

function fleetMdm(m: TeamMdm): Record<string, unknown> {
  const s = m.setup_experience;
  return {
    ...commonMdm(m),
    apple_settings: { configuration_profiles: null },
    windows_settings: { configuration_profiles: null },
    android_settings: { certificates: null, configuration_profiles: null },
    setup_experience: {
      apple_enable_release_device_manually: s.apple_enable_release_device_manually,
      apple_setup_assistant: null,
      enable_create_local_admin_account: null,
      enable_end_user_authentication: s.enable_end_user_authentication,
      end_user_local_account_type: null,
      lock_end_user_info: s.lock_end_user_info,
      macos_bootstrap_package: null,
      macos_manual_agent_install: null,
      macos_script: null,
      require_all_software_macos: s.require_all_software_macos,
      require_all_software_windows: s.require_all_software_windows,
      software: null,
    },
  };
}

function legacyMdm(m: TeamMdm): Record<string, unknown> {
  const s = m.setup_experience;
  return {
    ...commonMdm(m),
    macos_settings: { custom_settings: null, enable_disk_encryption: m.enable_disk_encryption },
    windows_settings: { custom_settings: null },
    android_settings: { certificates: null, custom_settings: null },
    macos_setup: {
      bootstrap_package: null,
      enable_end_user_authentication: s.enable_end_user_authentication,
      enable_managed_local_account: null,
      enable_release_device_manually: s.apple_enable_release_device_manually,
      end_user_local_account_type: null,
      lock_end_user_info: s.lock_end_user_info,
      macos_setup_assistant: null,
      manual_agent_install: null,
      require_all_software_macos: s.require_all_software_macos,
      require_all_software_windows: s.require_all_software_windows,
      script: null,
      software: null,
    },
  };
}

function base(v: TeamView): Omit<TeamJsonBase, 'mdm'> {
  const s = v.settings;
  return {
    id: v.id,
    created_at: rfc3339(v.createdAt),
    name: v.name,
    description: v.description,
    agent_options: s.agent_options,
    features: s.features,
    host_expiry_settings: s.host_expiry_settings,
    webhook_settings: s.webhook_settings,
    integrations: s.integrations,
    scripts: null,
    software: { app_store_apps: null, fleet_maintained_apps: null, packages: null },
    host_count: v.hostCount,
    user_count: v.userCount,
  };
}

export function toFleetTeam(v: TeamView): FleetTeamJson {
  return { ...base(v), mdm: fleetMdm(v.settings.mdm), secrets: v.secrets.map((s) => ({ secret: s.secret, created_at: rfc3339(s.createdAt), fleet_id: v.id })) };
}

export function toLegacyTeam(v: TeamView): LegacyTeamJson {
  return { ...base(v), mdm: legacyMdm(v.settings.mdm), secrets: v.secrets.map((s) => ({ secret: s.secret, created_at: rfc3339(s.createdAt), team_id: v.id })) };
}

export function toTeamResponse(v: TeamView): TeamResponse {
  return { fleet: toFleetTeam(v), team: toLegacyTeam(v) };
}
