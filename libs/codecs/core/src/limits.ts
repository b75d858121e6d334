/** Input guards shared by codecs so no message can make them allocate or recurse without bound. */
export const DEFAULT_LIMITS = {
  /** Largest message any codec accepts. */
  maxBytes: 16 * 1024 * 1024,
  /** Deepest nesting of plist dicts/arrays, XML elements or ASN.1 structures. */
  maxDepth: 64,
} as const;
