import type { ErrorDetail } from '@flotilla/platform-errors';
import { isHttpUrl } from './app-config.fields';
import type { AppConfigSettings } from './app-config.schema';

/**
 * Checks across keys, on the settings a PATCH would leave in effect (so enabling a feature whose
 * URL was stored earlier passes, and so does a PATCH that fixes only the URL). Each problem is
 * named by its dotted path. Single-key checks (types, ranges, URL syntax) are in the schema.
 */
export function settingsProblems(s: AppConfigSettings): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const need = (when: boolean, ok: boolean, name: string, reason: string): void => {
    if (when && !ok) problems.push({ name, reason });
  };
  const url = (v: string): boolean => isHttpUrl(v);

  need(s.host_expiry_settings.host_expiry_enabled, s.host_expiry_settings.host_expiry_window > 0, 'host_expiry_settings.host_expiry_window', 'host expiry window must be a positive number of days when host expiry is enabled');
  need(
    s.activity_expiry_settings.activity_expiry_enabled,
    s.activity_expiry_settings.activity_expiry_window > 0,
    'activity_expiry_settings.activity_expiry_window',
    'activity expiry window must be a positive number of days when activity expiry is enabled',
  );

  const w = s.webhook_settings;
  const webhookUrl = (enabled: boolean, destination: string, hook: string): void =>
    need(enabled, url(destination), `webhook_settings.${hook}.destination_url`, 'destination_url must be an http(s) URL when the webhook is enabled');
  webhookUrl(w.host_status_webhook.enable_host_status_webhook, w.host_status_webhook.destination_url, 'host_status_webhook');
  webhookUrl(w.failing_policies_webhook.enable_failing_policies_webhook, w.failing_policies_webhook.destination_url, 'failing_policies_webhook');
  webhookUrl(w.vulnerabilities_webhook.enable_vulnerabilities_webhook, w.vulnerabilities_webhook.destination_url, 'vulnerabilities_webhook');
  webhookUrl(w.activities_webhook.enable_activities_webhook, w.activities_webhook.destination_url, 'activities_webhook');
  need(w.host_status_webhook.enable_host_status_webhook, w.host_status_webhook.host_percentage > 0, 'webhook_settings.host_status_webhook.host_percentage', 'host_percentage must be greater than 0 when the webhook is enabled');
  need(w.host_status_webhook.enable_host_status_webhook, w.host_status_webhook.days_count > 0, 'webhook_settings.host_status_webhook.days_count', 'days_count must be greater than 0 when the webhook is enabled');

  const sso = s.sso_settings;
  need(sso.enable_sso, sso.entity_id !== '', 'sso_settings.entity_id', 'entity_id is required when SSO is enabled');
  need(sso.enable_sso, sso.idp_name !== '', 'sso_settings.idp_name', 'idp_name is required when SSO is enabled');
  need(sso.enable_sso, sso.metadata !== '' || sso.metadata_url !== '', 'sso_settings.metadata', 'metadata or metadata_url is required when SSO is enabled');

  need(s.gitops.gitops_mode_enabled, url(s.gitops.repository_url), 'gitops.repository_url', 'repository_url is required when GitOps mode is enabled');

  const smtp = s.smtp_settings;
  const authenticated = smtp.enable_smtp && smtp.authentication_type === 'authtype_username_password';
  need(authenticated, smtp.user_name !== '', 'smtp_settings.user_name', 'user_name is required for username/password authentication');
  need(authenticated, smtp.password !== '', 'smtp_settings.password', 'password is required for username/password authentication');
  return problems;
}
