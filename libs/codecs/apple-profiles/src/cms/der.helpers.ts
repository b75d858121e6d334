import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import forge from 'node-forge';
import { AppleProfilesError } from '../apple-profiles.errors';

/** A node-forge ASN.1 node. */
export type Asn1 = forge.asn1.Asn1;

const { asn1 } = forge;
type FromDerOptions = { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean; maxDepth: number };
const fromDer = asn1.fromDer as unknown as (bytes: string, options: FromDerOptions) => Asn1;

/** Parses one DER (or BER) value that must span all of `der`; nesting is capped at the codec depth limit. */
export function parseDer(der: Buffer, what: string): Asn1 {
  try {
    return fromDer(der.toString('binary'), {
      strict: true,
      parseAllBytes: true,
      decodeBitStrings: false,
      maxDepth: DEFAULT_LIMITS.maxDepth,
    });
  } catch (err) {
    throw new AppleProfilesError('malformed_cms', `${what} is not valid DER (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
}

/** DER bytes of a node. */
export function toDer(node: Asn1): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
}

/** Children of a constructed node (throws `malformed_cms` naming `what` otherwise). */
export function childrenOf(node: Asn1 | undefined, what: string): Asn1[] {
  if (!node || !node.constructed || !Array.isArray(node.value)) throw malformed(`${what} is not a constructed value`);
  return node.value;
}

/** A universal SEQUENCE's children. */
export function sequenceOf(node: Asn1 | undefined, what: string): Asn1[] {
  if (node?.tagClass !== asn1.Class.UNIVERSAL || node.type !== asn1.Type.SEQUENCE) throw malformed(`${what} is not a SEQUENCE`);
  return childrenOf(node, what);
}

/** A universal SET's children. */
export function setOf(node: Asn1 | undefined, what: string): Asn1[] {
  if (node?.tagClass !== asn1.Class.UNIVERSAL || node.type !== asn1.Type.SET) throw malformed(`${what} is not a SET`);
  return childrenOf(node, what);
}

/** The dotted form of an OBJECT IDENTIFIER node. */
export function oidOf(node: Asn1 | undefined, what: string): string {
  if (node?.tagClass !== asn1.Class.UNIVERSAL || node.type !== asn1.Type.OID || typeof node.value !== 'string') {
    throw malformed(`${what} is not an OBJECT IDENTIFIER`);
  }
  return asn1.derToOid(node.value);
}

/** The content bytes of a primitive node (OCTET STRING, INTEGER, …), or of a constructed OCTET STRING's parts. */
export function bytesOf(node: Asn1 | undefined, what: string): Buffer {
  if (!node) throw malformed(`${what} is missing`);
  if (typeof node.value === 'string') return Buffer.from(node.value, 'binary');
  // BER constructed OCTET STRING: the concatenation of its primitive parts.
  return Buffer.concat(node.value.map((part) => bytesOf(part, what)));
}

/** True for a context-specific tag `[n]`. */
export function isContext(node: Asn1 | undefined, tag: number): node is Asn1 {
  return node?.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === tag;
}

/** Builders for the few ASN.1 shapes SignedData needs. */
export const der = {
  seq: (children: Asn1[]): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, children),
  set: (children: Asn1[]): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children),
  oid: (oid: string): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
  int: (n: number): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes()),
  nul: (): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
  octets: (b: Buffer): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, b.toString('binary')),
  context: (tag: number, children: Asn1[]): Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, children),
  time: (date: Date): Asn1 => {
    // RFC 5652: UTCTime for 1950–2049, GeneralizedTime otherwise.
    const year = date.getUTCFullYear();
    return year >= 1950 && year < 2050
      ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date))
      : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
  },
  /** Re-tags a parsed node (e.g. `[0] IMPLICIT SET OF` → `SET OF`) keeping its content. */
  retag: (node: Asn1, tagClass: forge.asn1.Class, type: number): Asn1 => asn1.create(tagClass, type, node.constructed, node.value),
};

/** A UTCTime / GeneralizedTime node as a Date. */
export function timeOf(node: Asn1 | undefined, what: string): Date {
  if (node?.tagClass === asn1.Class.UNIVERSAL && typeof node.value === 'string') {
    const date =
      node.type === asn1.Type.UTCTIME
        ? asn1.utcTimeToDate(node.value)
        : node.type === asn1.Type.GENERALIZEDTIME
          ? asn1.generalizedTimeToDate(node.value)
          : undefined;
    if (date && !Number.isNaN(date.getTime())) return date;
  }
  throw malformed(`${what} is not a time`);
}

/** A `malformed_cms` error. */
export function malformed(message: string): AppleProfilesError {
  return new AppleProfilesError('malformed_cms', message);
}

/** ASN.1 classes and universal types, re-exported for callers building nodes. */
export const ASN1_CLASS = asn1.Class;
export const ASN1_TYPE = asn1.Type;
