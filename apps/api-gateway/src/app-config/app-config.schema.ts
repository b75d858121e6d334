import { z } from 'zod';
import { count, httpUrl, optionalUrl } from './app-config.fields';
import { mdmSettingsSchema } from './app-config.mdm.schema';

/** Go's duration text, as Fleet writes it (`24h`, `1h30m`, `24h0m0s`). */
const goDuration = z.string().regex(/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/, { message: 'expected a duration such as 24h or 1h30m' });

const orgInfo = z.strictObject({
  org_name: z
    .string()
    .refine((v) => v.trim() !== '', { message: 'organization name must not be empty' })
    .refine((v) => v.length <= 255, { message: 'organization name must be at most 255 characters' }),
  org_logo_url: optionalUrl('org_logo_url'),
  org_logo_url_light_background: optionalUrl('org_logo_url_light_background'),
  org_logo_url_dark_mode: optionalUrl('org_logo_url_dark_mode'),
  org_logo_url_light_mode: optionalUrl('org_logo_url_light_mode'),
  contact_url: optionalUrl('contact_url'),
});

const serverSettings = z.strictObject({
  server_url: httpUrl('server_url'),
  live_query_disabled: z.boolean(),
  live_reporting_disabled: z.boolean(),
  query_reports_disabled: z.boolean(),
  discard_reports_data: z.boolean(),
  scripts_disabled: z.boolean(),
  ai_features_disabled: z.boolean(),
  enable_analytics: z.boolean(),
  deferred_save_host: z.boolean(),
  /** Fleet 4.86 renamed query_report_cap to report_cap and answers both; setting one sets the other. */
  query_report_cap: count('query_report_cap'),
  report_cap: count('report_cap'),
});

export const SMTP_AUTHENTICATION_TYPES = ['authtype_username_password', 'authtype_none'] as const;
export const SMTP_AUTHENTICATION_METHODS = ['authmethod_plain', 'authmethod_login', 'authmethod_cram_md5'] as const;

const smtpSettings = z.strictObject({
  enable_smtp: z.boolean(),
  /** Read-only: true when SMTP is enabled with a server and a sender address (computed; ignored in a PATCH). */
  configured: z.boolean(),
  sender_address: z.string().max(255),
  server: z.string().max(255),
  port: z.number({ message: 'port must be a number' }).int({ message: 'port must be an integer' }).min(1, { message: 'port must be 1–65535' }).max(65535, { message: 'port must be 1–65535' }),
  authentication_type: z.enum(SMTP_AUTHENTICATION_TYPES),
  authentication_method: z.enum(SMTP_AUTHENTICATION_METHODS),
  user_name: z.string().max(255),
  password: z.string().max(1024),
  enable_ssl_tls: z.boolean(),
  enable_start_tls: z.boolean(),
  verify_ssl_certs: z.boolean(),
  domain: z.string().max(255),
});
export type SmtpSettings = z.infer<typeof smtpSettings>;

const ssoSettings = z.strictObject({
  enable_sso: z.boolean(),
  enable_sso_idp_login: z.boolean(),
  enable_jit_provisioning: z.boolean(),
  enable_jit_role_sync: z.boolean(),
  entity_id: z.string().max(255),
  issuer_uri: z.string(),
  idp_name: z.string().max(255),
  idp_image_url: optionalUrl('idp_image_url'),
  metadata: z.string(),
  metadata_url: optionalUrl('metadata_url'),
  sso_server_url: optionalUrl('sso_server_url'),
});

const hostExpirySettings = z.strictObject({ host_expiry_enabled: z.boolean(), host_expiry_window: count('host_expiry_window') });
const activityExpirySettings = z.strictObject({
  activity_expiry_enabled: z.boolean(),
  activity_expiry_window: count('activity_expiry_window'),
  preserve_host_activities_on_reenrollment: z.boolean(),
});

const features = z.strictObject({
  enable_host_users: z.boolean(),
  enable_software_inventory: z.boolean(),
  /** Extra detail queries (name → SQL); replaced whole. */
  additional_queries: z.record(z.string(), z.string()).nullable(),
  /** Detail queries to replace (name → SQL) or turn off (name → null); replaced whole. */
  detail_query_overrides: z.record(z.string(), z.string().nullable()).nullable(),
  historical_data: z.strictObject({ uptime: z.boolean(), vulnerabilities: z.boolean() }),
});

const webhookSettings = z.strictObject({
  interval: goDuration,
  host_status_webhook: z.strictObject({
    enable_host_status_webhook: z.boolean(),
    destination_url: optionalUrl('destination_url'),
    host_percentage: z.number().int().min(0).max(100, { message: 'host_percentage must be 0–100' }),
    days_count: count('days_count'),
  }),
  failing_policies_webhook: z.strictObject({
    enable_failing_policies_webhook: z.boolean(),
    destination_url: optionalUrl('destination_url'),
    policy_ids: z.array(z.number().int().positive()).nullable(),
    host_batch_size: count('host_batch_size'),
  }),
  vulnerabilities_webhook: z.strictObject({
    enable_vulnerabilities_webhook: z.boolean(),
    destination_url: optionalUrl('destination_url'),
    host_batch_size: count('host_batch_size'),
  }),
  activities_webhook: z.strictObject({ enable_activities_webhook: z.boolean(), destination_url: optionalUrl('destination_url') }),
});

const ticketFlags = { enable_failing_policies: z.boolean().default(false), enable_software_vulnerabilities: z.boolean().default(false) };
const integrations = z.strictObject({
  jira: z.array(z.strictObject({ url: httpUrl('url'), username: z.string().min(1), api_token: z.string().min(1), project_key: z.string().min(1), ...ticketFlags })),
  zendesk: z.array(z.strictObject({ url: httpUrl('url'), email: z.string().min(1), api_token: z.string().min(1), group_id: z.number().int().positive(), ...ticketFlags })),
  /** Not available in Flotilla (a Fleet Premium feature); only an empty list is accepted. */
  google_calendar: z.array(z.strictObject({ domain: z.string(), api_key_json: z.string() })).max(0, { message: 'the Google Calendar integration is not available' }),
  conditional_access_enabled: z.boolean().nullable(),
});

const gitops = z.strictObject({
  gitops_mode_enabled: z.boolean(),
  repository_url: optionalUrl('repository_url'),
  exceptions: z.strictObject({ labels: z.boolean(), secrets: z.boolean(), software: z.boolean() }),
});

/**
 * Everything an admin can set in Fleet's config document (`PATCH /config`), with each key's type
 * and range. A few keys are read-only (computed; accepted and ignored so a GET document can be
 * sent back): see READ_ONLY_KEYS. Checks across keys ("a URL when enabled") are in
 * app-config.rules.ts, run on the merged result.
 */
export const appConfigSettingsSchema = z.strictObject({
  org_info: orgInfo,
  server_settings: serverSettings,
  smtp_settings: smtpSettings,
  sso_settings: ssoSettings,
  host_expiry_settings: hostExpirySettings,
  activity_expiry_settings: activityExpirySettings,
  features,
  /** Global agent options (osquery config, per-platform overrides, flags): replaced whole, checked by agentOptionsProblems(). */
  agent_options: z.record(z.string(), z.unknown(), { message: 'agent_options must be an object' }),
  fleet_desktop: z.strictObject({ transparency_url: optionalUrl('transparency_url'), alternative_browser_host: z.string().max(255) }),
  webhook_settings: webhookSettings,
  integrations,
  mdm: mdmSettingsSchema,
  gitops,
  scripts: z.array(z.string()).nullable(),
  vulnerability_settings: z.strictObject({ databases_path: z.string() }),
  partnerships: z.strictObject({ enable_primo: z.boolean() }),
});
export type AppConfigSettings = z.infer<typeof appConfigSettingsSchema>;

/** Sections of a GET document that the server computes; a PATCH may carry them (ignored). */
export const READ_ONLY_SECTIONS = ['license', 'logging', 'update_interval', 'vulnerabilities', 'conditional_access'] as const;

/** Read-only keys inside settable sections (computed at read time; ignored in a PATCH). */
export const READ_ONLY_KEYS: ReadonlyArray<readonly [keyof AppConfigSettings, string]> = [
  ['smtp_settings', 'configured'],
  ['mdm', 'enabled_and_configured'],
  ['mdm', 'apple_bm_enabled_and_configured'],
  ['mdm', 'apple_bm_terms_expired'],
  ['mdm', 'android_enabled_and_configured'],
];

/** Keys whose value is one document, replaced whole by a PATCH (not merged key by key). */
export const REPLACED_WHOLE: ReadonlySet<string> = new Set(['agent_options', 'features.additional_queries', 'features.detail_query_overrides']);

export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
export type AppConfigPatch = DeepPartial<AppConfigSettings>;

/** The same schema with every object key optional, at every depth (arrays and records are values, sent whole). */
function partialDeep(schema: z.ZodType): z.ZodType {
  if (!(schema instanceof z.ZodObject)) return schema;
  const shape = Object.fromEntries(Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, value]) => [key, partialDeep(value).optional()]));
  return z.strictObject(shape);
}

const readOnlySections = Object.fromEntries(READ_ONLY_SECTIONS.map((key) => [key, z.unknown()]));

/** A `PATCH /config` body: any subset of the settings, unknown keys refused at every depth. */
export const appConfigPatchSchema = partialDeep(appConfigSettingsSchema.extend(readOnlySections)) as z.ZodType<AppConfigPatch>;
