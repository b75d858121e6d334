import { LINUX_PLATFORMS } from '@flotilla/codec-osquery';
import { LabelsError } from './labels.errors';

/** Limits of the `labels` columns (a MySQL TEXT holds 65,535 bytes: just under 64 KiB). */
export const MAX_NAME_LENGTH = 255;
export const MAX_DESCRIPTION_LENGTH = 1023;
export const MAX_QUERY_BYTES = 65_535;

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

/** The first keyword of `sql`, upper-cased, after whitespace and SQL comments (`-- …`, `/* … *\/`). */
export function leadingKeyword(sql: string): string {
  let rest = sql;
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('--')) {
      const eol = rest.indexOf('\n');
      rest = eol < 0 ? '' : rest.slice(eol + 1);
    } else if (rest.startsWith('/*')) {
      const end = rest.indexOf('*/', 2);
      rest = end < 0 ? '' : rest.slice(end + 2);
    } else {
      break;
    }
  }
  return (/^[A-Za-z]+/.exec(rest)?.[0] ?? '').toUpperCase();
}

/** A dynamic label's query: non-empty osquery SQL starting with SELECT or WITH, at most 65,535 bytes (422 otherwise). */
export function checkQuery(query: string | undefined, field = 'query'): string {
  if (query === undefined || query.trim() === '') throw LabelsError.validation(field, 'query is required for a dynamic label');
  const bytes = Buffer.byteLength(query, 'utf8');
  if (bytes > MAX_QUERY_BYTES) throw LabelsError.validation(field, `query is ${bytes} bytes; the limit is ${MAX_QUERY_BYTES}`);
  const keyword = leadingKeyword(query);
  if (keyword !== 'SELECT' && keyword !== 'WITH') throw LabelsError.validation(field, 'query must be an osquery SELECT statement (starting with SELECT or WITH)');
  return query;
}

/** A dynamic label's platform: one osquery knows, or '' for every platform (422 otherwise). */
export function checkPlatform(platform: string, field = 'platform'): string {
  const p = platform.trim();
  if (!LABEL_PLATFORMS.includes(p)) throw LabelsError.validation(field, `platform must be empty (every platform) or one of darwin, windows, chrome, linux or a Linux distribution (${JSON.stringify(platform)} is not)`);
  return p;
}
