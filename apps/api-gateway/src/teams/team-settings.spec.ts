import { DEFAULT_AGENT_OPTIONS } from '@flotilla/domain';
import { deepMerge, defaultTeamSettings, settingsOf, settingsProblems } from './team-settings';
import { normaliseMdm, schemaProblems, SETTINGS_SCHEMAS } from './team-settings.schema';

describe('team settings', () => {
  it('merges objects key by key; arrays, null and scalars replace', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { c: [3] }, e: null })).toEqual({ a: { b: 1, c: [3] }, d: 'x', e: null });
    expect(deepMerge({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
    expect(deepMerge({ a: 1 }, undefined)).toEqual({ a: 1 });
  });

  it('serves defaults for every part a stored config lacks, and stored agent options whole', () => {
    expect(settingsOf(null)).toEqual(defaultTeamSettings());
    expect(settingsOf(null).agent_options).toEqual(DEFAULT_AGENT_OPTIONS);
    const stored = settingsOf({ agent_options: { config: {} }, host_expiry_settings: { host_expiry_enabled: true, host_expiry_window: 7 }, mdm: { enable_disk_encryption: true } });
    expect(stored.agent_options).toEqual({ config: {} });
    expect(stored.host_expiry_settings).toEqual({ host_expiry_enabled: true, host_expiry_window: 7 });
    expect(stored.mdm).toEqual({ ...defaultTeamSettings().mdm, enable_disk_encryption: true });
    expect(stored.features).toEqual(defaultTeamSettings().features);
  });

  it('checks the rules that span fields', () => {
    const s = defaultTeamSettings();
    expect(settingsProblems(s)).toEqual([]);
    s.host_expiry_settings.host_expiry_enabled = true;
    s.mdm.ios_updates.deadline = '2026-01-01';
    s.mdm.windows_updates.deadline_days = 3;
    s.integrations.google_calendar = { enable_calendar_events: true, webhook_url: 'ftp://x' };
    s.webhook_settings.failing_policies_webhook.enable_failing_policies_webhook = true;
    s.webhook_settings.failing_policies_webhook.destination_url = 'https://ok.example.com';
    expect(settingsProblems(s).map((p) => p.name)).toEqual(['host_expiry_settings.host_expiry_window', 'integrations.google_calendar.webhook_url', 'mdm.ios_updates', 'mdm.windows_updates']);
  });

  it('names each unknown key by its path and each bad value by its field', () => {
    expect(schemaProblems(SETTINGS_SCHEMAS.mdm, { bogus: 1, windows_updates: { deadline_days: 31, extra: true } }, 'mdm')).toEqual(
      expect.arrayContaining([
        { name: 'mdm.bogus', reason: 'unknown key bogus' },
        { name: 'mdm.windows_updates.extra', reason: 'unknown key extra' },
        { name: 'mdm.windows_updates.deadline_days', reason: 'must be at most 30' },
      ]),
    );
    expect(schemaProblems(SETTINGS_SCHEMAS.mdm, { macos_updates: { minimum_version: 'fourteen', deadline: '1 May' } }, 'mdm').map((p) => p.name)).toEqual([
      'mdm.macos_updates.minimum_version',
      'mdm.macos_updates.deadline',
    ]);
    expect(schemaProblems(SETTINGS_SCHEMAS.features, { enable_host_users: false }, 'features')).toEqual([]);
  });

  it('folds the pre-4.86 MDM names into the stored ones ("" = unset)', () => {
    const parsed = SETTINGS_SCHEMAS.mdm.parse({
      macos_setup: { enable_release_device_manually: true, lock_end_user_info: true },
      macos_settings: { enable_disk_encryption: true },
      ios_updates: { minimum_version: '', deadline: '' },
    });
    expect(normaliseMdm(parsed)).toEqual({
      enable_disk_encryption: true,
      ios_updates: { minimum_version: null, deadline: null },
      setup_experience: { apple_enable_release_device_manually: true, lock_end_user_info: true },
    });
    // The 4.86 names win over the old ones sent alongside.
    expect(normaliseMdm(SETTINGS_SCHEMAS.mdm.parse({ enable_disk_encryption: false, macos_settings: { enable_disk_encryption: true } }))).toEqual({ enable_disk_encryption: false });
  });
});
