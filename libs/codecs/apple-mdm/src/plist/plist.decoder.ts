import { parseBuffer } from 'bplist-parser';
import { AppleMdmError } from '../apple-mdm.errors';
import { guardBinaryPlist } from './plist-binary.guard';
import { decodeXmlPlist } from './plist-xml.decoder';
import {
  DEFAULT_PLIST_LIMITS,
  isPlistDict,
  type DecodedPlist,
  type PlistDecodeOptions,
  type PlistDict,
  type PlistLimits,
  type PlistValue,
} from './plist.types';

const BINARY_MAGIC = Buffer.from('bplist', 'latin1');
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes an XML or binary (`bplist00`) property list with input guards: size, nesting depth,
 * per-blob data size, total value count, no DTD entities, no reference cycles. Throws
 * `AppleMdmError` with a plist code on any failure.
 */
export function decodePlist(bytes: Uint8Array, options: PlistDecodeOptions = {}): DecodedPlist {
  const limits = resolveLimits(options);
  if (bytes.length > limits.maxBytes) {
    throw new AppleMdmError('too_large', `${bytes.length} bytes exceeds the limit of ${limits.maxBytes}`);
  }
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf.subarray(0, BINARY_MAGIC.length).equals(BINARY_MAGIC)) {
    if (options.allowBinary === false) throw new AppleMdmError('binary_not_allowed', 'binary plists are not accepted here');
    return { value: decodeBinary(buf, limits), format: 'binary' };
  }
  let text: string;
  try {
    text = UTF8.decode(buf);
  } catch (err) {
    throw new AppleMdmError('malformed_plist', 'input is neither a binary plist nor UTF-8 XML', { cause: err });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { value: decodeXmlPlist(text, limits), format: 'xml' };
}

/** {@link decodePlist} for documents whose root must be a dict (every MDM message). */
export function decodePlistDict(bytes: Uint8Array, options: PlistDecodeOptions = {}): PlistDict {
  const { value } = decodePlist(bytes, options);
  if (!isPlistDict(value)) throw new AppleMdmError('not_a_dict', 'the plist root is not a <dict>');
  return value;
}

function resolveLimits(options: PlistDecodeOptions): PlistLimits {
  return {
    maxBytes: options.maxBytes ?? DEFAULT_PLIST_LIMITS.maxBytes,
    maxDepth: options.maxDepth ?? DEFAULT_PLIST_LIMITS.maxDepth,
    maxDataBytes: options.maxDataBytes ?? DEFAULT_PLIST_LIMITS.maxDataBytes,
    maxValues: options.maxValues ?? DEFAULT_PLIST_LIMITS.maxValues,
  };
}

function decodeBinary(buf: Buffer, limits: PlistLimits): PlistValue {
  guardBinaryPlist(buf, limits);
  let parsed: unknown;
  try {
    [parsed] = parseBuffer(buf);
  } catch (err) {
    throw new AppleMdmError('malformed_plist', `bplist: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return normalize(parsed);
}

/** bplist-parser's output as a {@link PlistValue} (fresh Buffers, no NaN, no invalid dates). */
function normalize(value: unknown): PlistValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new AppleMdmError('malformed_plist', 'bplist: non-finite real');
      return value;
    case 'object':
      break;
    default:
      throw new AppleMdmError('malformed_plist', `bplist: unsupported value ${typeof value}`);
  }
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new AppleMdmError('malformed_plist', 'bplist: invalid date');
    return value;
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new AppleMdmError('malformed_plist', 'bplist: unsupported value');
  }
  const out: PlistDict = {};
  for (const [key, child] of Object.entries(value)) out[key] = normalize(child);
  return out;
}
