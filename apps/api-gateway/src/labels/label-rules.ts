import { LINUX_PLATFORMS } from '@flotilla/codec-osquery';
import { MAX_OSQUERY_SQL_BYTES, osquerySqlProblem } from '../common/osquery-sql';
import { LabelsError } from './labels.errors';

/** Limits of the `labels` columns (a MySQL TEXT holds 65,535 bytes: just under 64 KiB). */
export const MAX_NAME_LENGTH = 255;
export const MAX_DESCRIPTION_LENGTH = 1023;
export const MAX_QUERY_BYTES = MAX_OSQUERY_SQL_BYTES;

/** Platforms a dynamic label may target: osquery's families and each Linux distribution ('' = every host). */
export const LABEL_PLATFORMS: readonly string[] = ['', 'darwin', 'windows', 'chrome', ...LINUX_PLATFORMS];

/** A label name: trimmed, not empty, at most 255 characters (422 otherwise). */
export function checkName(raw: string, field = 'name'): string {
  const name = raw.trim();
  if (name === '') throw LabelsError.validation(field, 'name is required');
  if ([...name].length > MAX_NAME_LENGTH) throw LabelsError.validation(field, `name may not exceed ${MAX_NAME_LENGTH} characters`);
  return name;
}

export function checkDescription(description: string, field = 'description'): string {
  if ([...description].length > MAX_DESCRIPTION_LENGTH) throw LabelsError.validation(field, `description may not exceed ${MAX_DESCRIPTION_LENGTH} characters`);
  return description;
}

/** A dynamic label's query: osquery SQL starting with SELECT or WITH, at most 65,535 bytes (the shared check; 422 otherwise). */
export function checkQuery(query: string | undefined, field = 'query'): string {
  if (query === undefined || query.trim() === '') throw LabelsError.validation(field, 'query is required for a dynamic label');
  const reason = osquerySqlProblem(query);
  if (reason !== null) throw LabelsError.validation(field, reason);
  return query;
}

/** A dynamic label's platform: one osquery knows, or '' for every platform (422 otherwise). */
export function checkPlatform(platform: string, field = 'platform'): string {
  const p = platform.trim();
  if (!LABEL_PLATFORMS.includes(p)) throw LabelsError.validation(field, `platform must be empty (every platform) or one of darwin, windows, chrome, linux or a Linux distribution (${JSON.stringify(platform)} is not)`);
  return p;
}
