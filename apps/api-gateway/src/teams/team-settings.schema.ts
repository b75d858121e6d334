import type { ErrorDetail } from '@flotilla/platform-errors';
import { z } from 'zod';
import type { SettingsKey, TeamMdm } from './team-settings';

/**
 * What PATCH /teams/:id (and POST /teams) accept for each settings part: every field optional
 * (a PATCH changes what it names), unknown keys refused by name, values typed.
 */
const bool = z.boolean({ message: 'expected true or false' });
const count = (max?: number) => {
  const n = z.number({ message: 'expected an integer' }).int({ message: 'expected an integer' }).min(0, { message: 'must not be negative' });
  return max === undefined ? n : n.max(max, { message: `must be at most ${max}` });
};
/** Fleet treats "" as unset for these strings. */
const optionalText = (schema: z.ZodString) => z.union([schema, z.null()]).transform((v) => (v === '' ? null : v));
const version = optionalText(z.string().max(32, { message: 'at most 32 characters' }).regex(/^$|^\d+(\.\d+){0,2}$/, { message: 'expected a version such as 14.2.1' }));
const deadline = optionalText(z.string().regex(/^$|^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date as YYYY-MM-DD' }));
const url = z.string().max(2048, { message: 'at most 2048 characters' });

const appleUpdates = z.strictObject({ minimum_version: version.optional(), deadline: deadline.optional() });
const setupFlags = {
  enable_end_user_authentication: bool.optional(),
  lock_end_user_info: bool.optional(),
  require_all_software_macos: bool.optional(),
  require_all_software_windows: bool.optional(),
};

const mdmSchema = z.strictObject({
  enable_disk_encryption: bool.optional(),
  enable_recovery_lock_password: bool.optional(),
  windows_require_bitlocker_pin: bool.optional(),
  macos_updates: appleUpdates.extend({ update_new_hosts: bool.nullable().optional() }).optional(),
  ios_updates: appleUpdates.optional(),
  ipados_updates: appleUpdates.optional(),
  windows_updates: z.strictObject({ deadline_days: count(30).nullable().optional(), grace_period_days: count(7).nullable().optional() }).optional(),
  setup_experience: z.strictObject({ ...setupFlags, apple_enable_release_device_manually: bool.optional() }).optional(),
  /** Pre-4.86 names of the same settings. */
  macos_setup: z.strictObject({ ...setupFlags, enable_release_device_manually: bool.optional() }).optional(),
  macos_settings: z.strictObject({ enable_disk_encryption: bool.optional() }).optional(),
});

export const SETTINGS_SCHEMAS = {
  features: z.strictObject({
    enable_host_users: bool.optional(),
    enable_software_inventory: bool.optional(),
    additional_queries: z.record(z.string(), z.string({ message: 'expected SQL text' })).nullable().optional(),
    historical_data: z.strictObject({ uptime: bool.optional(), vulnerabilities: bool.optional() }).optional(),
  }),
  host_expiry_settings: z.strictObject({ host_expiry_enabled: bool.optional(), host_expiry_window: count().optional() }),
  webhook_settings: z.strictObject({
    failing_policies_webhook: z
      .strictObject({
        enable_failing_policies_webhook: bool.optional(),
        destination_url: url.optional(),
        policy_ids: z.array(count()).nullable().optional(),
        host_batch_size: count().optional(),
      })
      .optional(),
    host_status_webhook: z
      .strictObject({ enable_host_status_webhook: bool.optional(), destination_url: url.optional(), host_percentage: count(100).optional(), days_count: count().optional() })
      .optional(),
  }),
  integrations: z.strictObject({
    jira: z.array(z.strictObject({ url, project_key: z.string().min(1), enable_failing_policies: bool })).nullable().optional(),
    zendesk: z.array(z.strictObject({ url, group_id: count(), enable_failing_policies: bool })).nullable().optional(),
    google_calendar: z.strictObject({ enable_calendar_events: bool, webhook_url: url }).nullable().optional(),
    conditional_access_enabled: bool.nullable().optional(),
  }),
  mdm: mdmSchema,
} as const satisfies Record<SettingsKey, z.ZodType>;

/** Problems of `value` against `schema`, each named by its JSON path under `prefix`; unknown keys named one by one. */
export function schemaProblems(schema: z.ZodType, value: unknown, prefix: string): ErrorDetail[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ name: [...path, k].join('.'), reason: `unknown key ${k}` }));
    return [{ name: path.length > 0 ? path.join('.') : 'base', reason: issue.message }];
  });
}

type MdmInput = z.output<typeof mdmSchema>;

/** The MDM part of a request in the stored names (legacy `macos_setup` / `macos_settings` folded in). */
export function normaliseMdm(input: MdmInput): Partial<TeamMdm> {
  const { macos_setup: legacySetup, macos_settings: legacySettings, setup_experience: setup, ...rest } = input;
  const out: Record<string, unknown> = { ...rest };
  if (legacySettings?.enable_disk_encryption !== undefined && rest.enable_disk_encryption === undefined) out['enable_disk_encryption'] = legacySettings.enable_disk_encryption;
  if (legacySetup || setup) {
    const { enable_release_device_manually: release, ...flags } = legacySetup ?? {};
    out['setup_experience'] = { ...flags, ...(release !== undefined ? { apple_enable_release_device_manually: release } : {}), ...setup };
  }
  if (rest.macos_updates?.update_new_hosts === null) out['macos_updates'] = { ...rest.macos_updates, update_new_hosts: false };
  return out as Partial<TeamMdm>;
}
