/** Names sort as people read them, the same on MySQL and SQLite: letter case and accents ignored, digits as numbers. */
export const NAME_ORDER = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Compares two values of a list's order column in memory: text by NAME_ORDER (ISO timestamps
 * included: their digits compare in time order), numbers numerically, null as 0 (e.g. no team).
 */
export function compareListValues(a: string | number | null, b: string | number | null): number {
  if (typeof a === 'string' && typeof b === 'string') return NAME_ORDER.compare(a, b);
  return Number(a ?? 0) - Number(b ?? 0);
}
