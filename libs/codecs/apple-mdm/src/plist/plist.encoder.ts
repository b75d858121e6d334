import { build, type PlistValue as LibraryPlistValue } from 'plist';
import { AppleMdmError } from '../apple-mdm.errors';
import { DEFAULT_PLIST_LIMITS, type PlistDict, type PlistValue } from './plist.types';

// XML 1.0 forbids these code points even as character references.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Serializes a value as an Apple XML plist (`<?xml …?>`, the Apple DOCTYPE, tab indents) with
 * the `plist` library. Values are checked and copied first (depth, finite numbers, valid dates,
 * characters XML can carry; dict entries whose value is `undefined` are dropped), so a bad value
 * is an `invalid_value` error rather than broken XML.
 */
export function encodePlist(value: PlistValue, maxDepth: number = DEFAULT_PLIST_LIMITS.maxDepth): Buffer {
  const clean = cleanValue(value, 1, maxDepth);
  return Buffer.from(build(clean as LibraryPlistValue, { pretty: true, indent: '\t', newline: '\n' }), 'utf8');
}

function cleanValue(value: unknown, depth: number, maxDepth: number): PlistValue {
  switch (typeof value) {
    case 'string':
      return checkString(value);
    case 'number':
      if (!Number.isFinite(value)) throw invalid(`non-finite number ${value}`);
      return value;
    case 'boolean':
    case 'bigint':
      return value;
    case 'object':
      break;
    default:
      throw invalid(`unsupported value of type ${typeof value}`);
  }
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid('invalid date');
    return value;
  }
  if (depth > maxDepth) throw new AppleMdmError('too_deep', `nesting deeper than ${maxDepth}`);
  if (Array.isArray(value)) return value.map((item: unknown) => cleanValue(item, depth + 1, maxDepth));
  const proto: unknown = value === null ? undefined : Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw invalid('unsupported object');
  const out: PlistDict = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (child === undefined) continue;
    if (key === '__proto__') throw invalid('the key __proto__ is not accepted');
    out[checkString(key)] = cleanValue(child, depth + 1, maxDepth);
  }
  return out;
}

function checkString(s: string): string {
  if (NOT_XML_CHAR.test(s)) throw invalid('a string holds a character XML cannot carry');
  return s;
}

function invalid(message: string): AppleMdmError {
  return new AppleMdmError('invalid_value', message);
}
