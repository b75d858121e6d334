import { z } from 'zod';
import { optionalUrl } from './app-config.fields';

const url = optionalUrl('url');
/** `YYYY-MM-DD`, or empty when no deadline is set. */
const deadline = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, { message: 'deadline must be YYYY-MM-DD (or empty)' });
/** Items of lists the MDM services define (profiles, software, ABM/VPP tokens): objects, sent whole. */
const items = z.array(z.record(z.string(), z.unknown()));

const osUpdates = (updateNewHosts: z.ZodType<boolean | null>) => z.strictObject({ minimum_version: z.string().max(255), deadline, update_new_hosts: updateNewHosts });

/**
 * Fleet's `mdm` settings section. Apple/Windows/Android MDM are served by their own services;
 * this is where admins set their global options. `enabled_and_configured`,
 * `apple_bm_enabled_and_configured`, `apple_bm_terms_expired` and `android_enabled_and_configured`
 * are computed at read time (accepted, ignored on PATCH).
 */
export const mdmSettingsSchema = z.strictObject({
  enabled_and_configured: z.boolean(),
  apple_bm_enabled_and_configured: z.boolean(),
  apple_bm_terms_expired: z.boolean(),
  android_enabled_and_configured: z.boolean(),
  apple_server_url: url,
  apple_business_manager: items,
  volume_purchasing_program: items,
  apple_require_hardware_attestation: z.boolean(),
  enable_disk_encryption: z.boolean(),
  enable_recovery_lock_password: z.boolean(),
  windows_enabled_and_configured: z.boolean(),
  enable_turn_on_windows_mdm_manually: z.boolean(),
  windows_migration_enabled: z.boolean(),
  windows_require_bitlocker_pin: z.boolean(),
  windows_entra_tenant_ids: z.array(z.string()),
  end_user_authentication: z.strictObject({ entity_id: z.string(), idp_name: z.string(), issuer_uri: z.string(), metadata: z.string(), metadata_url: url }),
  macos_updates: osUpdates(z.boolean()),
  ios_updates: osUpdates(z.boolean().nullable()),
  ipados_updates: osUpdates(z.boolean().nullable()),
  windows_updates: z.strictObject({ deadline_days: z.number().int().min(0).max(30).nullable(), grace_period_days: z.number().int().min(0).max(7).nullable() }),
  macos_migration: z.strictObject({ enable: z.boolean(), mode: z.enum(['', 'voluntary', 'forced']), webhook_url: url }),
  macos_settings: z.strictObject({ custom_settings: items.nullable() }),
  apple_settings: z.strictObject({ configuration_profiles: items.nullable() }),
  windows_settings: z.strictObject({ custom_settings: items, configuration_profiles: items }),
  android_settings: z.strictObject({ custom_settings: items, configuration_profiles: items, certificates: items.nullable() }),
  macos_setup: z.strictObject({
    bootstrap_package: z.string().nullable(),
    enable_end_user_authentication: z.boolean(),
    enable_managed_local_account: z.boolean(),
    enable_release_device_manually: z.boolean(),
    end_user_local_account_type: z.string(),
    lock_end_user_info: z.boolean(),
    macos_setup_assistant: z.string().nullable(),
    manual_agent_install: z.boolean().nullable(),
    require_all_software_macos: z.boolean(),
    require_all_software_windows: z.boolean(),
    script: z.string().nullable(),
    software: items,
  }),
  setup_experience: z.strictObject({
    apple_enable_release_device_manually: z.boolean(),
    apple_setup_assistant: z.string().nullable(),
    enable_create_local_admin_account: z.boolean(),
    enable_end_user_authentication: z.boolean(),
    end_user_local_account_type: z.string(),
    lock_end_user_info: z.boolean(),
    macos_bootstrap_package: z.string().nullable(),
    macos_manual_agent_install: z.boolean().nullable(),
    macos_script: z.string().nullable(),
    require_all_software_macos: z.boolean(),
    require_all_software_windows: z.boolean(),
    software: items,
  }),
});
