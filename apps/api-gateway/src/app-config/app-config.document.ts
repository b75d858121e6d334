import { isDeepStrictEqual } from 'node:util';
import type { ErrorDetail } from '@flotilla/platform-errors';
import { type AppConfigDocument, computedSections, type RuntimeFacts, withComputedKeys } from './app-config.computed';
import { defaultSettings } from './app-config.defaults';
import { type AppConfigPatch, type AppConfigSettings, READ_ONLY_KEYS, READ_ONLY_SECTIONS, REPLACED_WHOLE } from './app-config.schema';

/** What Fleet shows in place of a secret; sending it back in a PATCH keeps the stored secret. */
export const MASKED = '********';

/** The stored document: only what admins set (a deep partial of the settings). */
export type StoredSettings = Record<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `patch` merged into `base`: objects merge key by key; arrays, scalars, `null` and the documents
 * in REPLACED_WHOLE (agent options…) replace. Neither input is modified.
 */
export function deepMerge(base: unknown, patch: unknown, path = ''): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch) || REPLACED_WHOLE.has(path)) return structuredClone(patch);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = deepMerge(base[key], value, path === '' ? key : `${path}.${key}`);
  }
  return out;
}

/** The settings in effect: the defaults with the stored document merged over them, computed keys filled in. */
export function effectiveSettings(stored: StoredSettings | null): AppConfigSettings {
  return withComputedKeys(deepMerge(defaultSettings(), stored ?? {}) as AppConfigSettings);
}

/** Fleet's whole GET document (with secrets). */
export function toDocument(settings: AppConfigSettings, facts: RuntimeFacts): AppConfigDocument {
  return { ...structuredClone(settings), ...computedSections(settings, facts) };
}

/** The document with every secret replaced by MASKED (for principals who may not read secrets). */
export function maskSecrets(doc: AppConfigDocument): AppConfigDocument {
  const masked = structuredClone(doc);
  const mask = (v: string): string => (v === '' ? '' : MASKED);
  masked.smtp_settings.password = mask(masked.smtp_settings.password);
  for (const jira of masked.integrations.jira) jira.api_token = mask(jira.api_token);
  for (const zendesk of masked.integrations.zendesk) zendesk.api_token = mask(zendesk.api_token);
  return masked;
}

/** Top-level keys whose effective value differs. */
export function changedSections(before: AppConfigSettings, after: AppConfigSettings): string[] {
  return (Object.keys(after) as Array<keyof AppConfigSettings>).filter((key) => !isDeepStrictEqual(before[key], after[key]));
}

/**
 * The patch as it is stored: read-only keys dropped, `report_cap`/`query_report_cap` kept equal
 * (Fleet 4.86's new and old names), and MASKED secrets (a GET document sent back) replaced by the
 * stored secret they stand for. Problems name a masked secret that matches nothing stored.
 */
export function normalisePatch(input: AppConfigPatch & Record<string, unknown>, current: AppConfigSettings): { patch: AppConfigPatch; problems: ErrorDetail[] } {
  const patch = structuredClone(input) as AppConfigPatch & Record<string, unknown>;
  for (const section of READ_ONLY_SECTIONS) delete patch[section];
  for (const [section, key] of READ_ONLY_KEYS) {
    const value: unknown = patch[section];
    if (isPlainObject(value)) delete value[key];
  }
  const server = patch.server_settings;
  if (server?.report_cap !== undefined && server.query_report_cap === undefined) server.query_report_cap = server.report_cap;
  if (server?.query_report_cap !== undefined && server.report_cap === undefined) server.report_cap = server.query_report_cap;

  const problems: ErrorDetail[] = [];
  if (patch.smtp_settings?.password === MASKED) delete patch.smtp_settings.password;
  const stored = current.integrations;
  patch.integrations?.jira?.forEach((item, i) => {
    if (item.api_token !== MASKED) return;
    const match = stored.jira.find((s) => s.url === item.url && s.project_key === item.project_key);
    if (match) item.api_token = match.api_token;
    else problems.push({ name: `integrations.jira.${i}.api_token`, reason: `${MASKED} keeps a stored token, but no Jira integration with this url and project_key is stored` });
  });
  patch.integrations?.zendesk?.forEach((item, i) => {
    if (item.api_token !== MASKED) return;
    const match = stored.zendesk.find((s) => s.url === item.url && s.group_id === item.group_id);
    if (match) item.api_token = match.api_token;
    else problems.push({ name: `integrations.zendesk.${i}.api_token`, reason: `${MASKED} keeps a stored token, but no Zendesk integration with this url and group_id is stored` });
  });
  return { patch, problems };
}
