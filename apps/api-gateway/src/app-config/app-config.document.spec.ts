import { changedSections, deepMerge, effectiveSettings, MASKED, normalisePatch } from './app-config.document';
import { defaultSettings } from './app-config.defaults';
import { settingsProblems } from './app-config.rules';
import type { AppConfigPatch } from './app-config.schema';

describe('app config document', () => {
  it('deepMerge merges objects, replaces arrays, scalars, null and agent options, and modifies neither input', () => {
    const base = { a: { x: 1, y: [1, 2] }, agent_options: { config: { options: { a: 1 } }, overrides: {} }, n: 5 };
    const patch = { a: { y: [3] }, agent_options: { config: {} }, n: null };
    const frozen = JSON.stringify([base, patch]);
    expect(deepMerge(base, patch)).toEqual({ a: { x: 1, y: [3] }, agent_options: { config: {} }, n: null });
    expect(JSON.stringify([base, patch])).toBe(frozen);
  });

  it('merges the stored document over fresh defaults every time, and computes smtp_settings.configured', () => {
    const a = effectiveSettings({ smtp_settings: { enable_smtp: true, server: 'smtp.x', sender_address: 'a@x' } });
    expect(a.smtp_settings).toMatchObject({ configured: true, port: 587, enable_smtp: true });
    a.org_info.org_name = 'mutated';
    expect(effectiveSettings(null).org_info.org_name).toBe('');
    expect(effectiveSettings({ smtp_settings: { enable_smtp: true } }).smtp_settings.configured).toBe(false);
  });

  it('checks rules on the merged result: a URL stored earlier satisfies a webhook enabled later', () => {
    const withUrl = effectiveSettings({ webhook_settings: { activities_webhook: { destination_url: 'https://hooks.x/a' } } });
    const enabled = effectiveSettings(deepMerge({ webhook_settings: { activities_webhook: { destination_url: 'https://hooks.x/a' } } }, { webhook_settings: { activities_webhook: { enable_activities_webhook: true } } }) as Record<string, unknown>);
    expect(settingsProblems(withUrl)).toEqual([]);
    expect(settingsProblems(enabled)).toEqual([]);
    expect(settingsProblems(effectiveSettings({ webhook_settings: { activities_webhook: { enable_activities_webhook: true } } })).map((p) => p.name)).toEqual([
      'webhook_settings.activities_webhook.destination_url',
    ]);
    expect(settingsProblems(effectiveSettings({ smtp_settings: { enable_smtp: true } })).map((p) => p.name)).toEqual(['smtp_settings.user_name', 'smtp_settings.password']);
    expect(settingsProblems(defaultSettings())).toEqual([]);
  });

  it('names the sections whose effective value changed', () => {
    const before = effectiveSettings(null);
    expect(changedSections(before, effectiveSettings({ org_info: { org_name: '' } }))).toEqual([]);
    expect(changedSections(before, effectiveSettings({ org_info: { org_name: 'A' }, features: { enable_host_users: false } }))).toEqual(['org_info', 'features']);
  });

  it('drops read-only keys and resolves masked secrets before merging', () => {
    const current = effectiveSettings({ integrations: { zendesk: [{ url: 'https://z.x', email: 'e', api_token: 'zt', group_id: 7, enable_failing_policies: false, enable_software_vulnerabilities: false }] } });
    const input = {
      license: { tier: 'premium' },
      smtp_settings: { configured: true, password: MASKED, port: 25 },
      mdm: { enabled_and_configured: true },
      integrations: { zendesk: [{ ...current.integrations.zendesk[0], api_token: MASKED }, { url: 'https://z.y', email: 'e', api_token: MASKED, group_id: 8, enable_failing_policies: false, enable_software_vulnerabilities: false }] },
    } as AppConfigPatch & Record<string, unknown>;
    const { patch, problems } = normalisePatch(input, current);
    expect(patch).toEqual({ smtp_settings: { port: 25 }, mdm: {}, integrations: { zendesk: [{ ...current.integrations.zendesk[0] }, { ...input.integrations?.zendesk?.[1] }] } });
    expect(problems.map((p) => p.name)).toEqual(['integrations.zendesk.1.api_token']);
  });
});
