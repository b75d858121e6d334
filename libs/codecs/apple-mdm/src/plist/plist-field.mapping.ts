import type { PlistFieldReader } from './plist-field.reader';
import type { PlistDict, PlistValue } from './plist.types';

/** The plist type a mapped field holds. */
export type FieldKind =
  | 'string'
  | 'data'
  | 'boolean'
  | 'integer'
  | 'number'
  | 'date'
  | 'dict'
  | 'array'
  | 'stringArray'
  | 'dataArray';

/** One typed property ↔ one plist key. */
export interface FieldMapping {
  readonly key: string;
  readonly kind: FieldKind;
  readonly required?: boolean;
}

/** A mapping for every property of T (the compiler checks none is forgotten). */
export type FieldMap<T> = { readonly [P in keyof T]-?: FieldMapping };

/** Any field map, for code that handles maps of several types alike. */
export type AnyFieldMap = Readonly<Record<string, FieldMapping>>;

/**
 * Reads every mapped property from a dict (absent optional keys are left out of the result).
 * The caller's `T` must agree with the kinds in `map`; the kinds are what is checked at run time.
 */
export function readMapped<T>(reader: PlistFieldReader, map: FieldMap<T>): T {
  const out: Record<string, PlistValue> = {};
  for (const [prop, field] of Object.entries(map) as [string, FieldMapping][]) {
    const value = readKind(reader, field.key, field.kind);
    if (value === undefined) {
      if (field.required) reader.missing(field.key);
      continue;
    }
    out[prop] = value;
  }
  return out as T;
}

/** Writes every defined mapped property of `value` into `dict` under its plist key. */
export function writeMapped(dict: PlistDict, value: object, map: AnyFieldMap): void {
  for (const [prop, field] of Object.entries(map) as [string, FieldMapping][]) {
    const v = (value as Record<string, PlistValue | undefined>)[prop];
    if (v !== undefined) dict[field.key] = v;
  }
}

/** The plist keys a map covers. */
export function mappedKeys(...maps: AnyFieldMap[]): Set<string> {
  return new Set(maps.flatMap((m) => Object.values(m).map((f) => f.key)));
}

function readKind(reader: PlistFieldReader, key: string, kind: FieldKind): PlistValue | undefined {
  switch (kind) {
    case 'string':
      return reader.optString(key);
    case 'data':
      return reader.optData(key);
    case 'boolean':
      return reader.optBoolean(key);
    case 'integer':
      return reader.optInteger(key);
    case 'number':
      return reader.optNumber(key);
    case 'date':
      return reader.optDate(key);
    case 'dict':
      return reader.optDictionary(key);
    case 'array':
      return reader.optArray(key);
    case 'stringArray':
      return reader.optStringArray(key);
    case 'dataArray':
      return reader.optDataArray(key);
  }
}
