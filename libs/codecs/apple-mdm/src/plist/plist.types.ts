import { DEFAULT_LIMITS } from '@flotilla/codec-core';

/**
 * A property-list value as decoded: `<integer>` beyond ±2^53 becomes a bigint, `<data>` a Buffer,
 * `<date>` a Date. `null`/`UID` (binary-only oddities) are rejected rather than modelled.
 */
export type PlistValue = string | number | bigint | boolean | Date | Buffer | PlistValue[] | PlistDict;

/** A plist `<dict>`: string keys (never `__proto__`) to values. */
export interface PlistDict {
  [key: string]: PlistValue;
}

/** Input guards for decoding; every field defaults from {@link DEFAULT_PLIST_LIMITS}. */
export interface PlistLimits {
  /** Largest accepted input in bytes. */
  maxBytes: number;
  /** Deepest nesting of dicts/arrays (the root dict is depth 1). */
  maxDepth: number;
  /** Largest single `<data>` blob, decoded, in bytes. */
  maxDataBytes: number;
  /** Largest number of values (scalars and containers) in one document. */
  maxValues: number;
}

/** Options for {@link decodePlist}: limits plus whether binary plists are accepted. */
export interface PlistDecodeOptions extends Partial<PlistLimits> {
  /** Accept `bplist00` input (default true). mdm-apple may turn it off for device traffic. */
  allowBinary?: boolean;
}

/** Defaults: the codec-wide size and depth limits, 4 MiB per data blob, 1M values. */
export const DEFAULT_PLIST_LIMITS: PlistLimits = {
  maxBytes: DEFAULT_LIMITS.maxBytes,
  maxDepth: DEFAULT_LIMITS.maxDepth,
  maxDataBytes: 4 * 1024 * 1024,
  maxValues: 1_000_000,
};

/** Which serialization a decoded document came from. */
export type PlistFormat = 'xml' | 'binary';

/** A decoded document: the root value and its format. */
export interface DecodedPlist {
  value: PlistValue;
  format: PlistFormat;
}

/** True for a plist dict (a plain object that is not a Buffer, Date or array). */
export function isPlistDict(value: PlistValue | undefined): value is PlistDict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !Buffer.isBuffer(value) &&
    !(value instanceof Date)
  );
}
