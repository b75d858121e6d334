import { type ScepErrorCode, scepFail } from '../scep.errors';
import { TAG_CLASS, type DerNode } from './der.reader';
import { derToOid, derTimeToDate } from './forge.adapter';

/** Universal tag numbers used here. */
export const UNIVERSAL = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  utf8String: 12,
  sequence: 16,
  set: 17,
  printableString: 19,
  teletexString: 20,
  ia5String: 22,
  utcTime: 23,
  generalizedTime: 24,
  universalString: 28,
  bmpString: 30,
} as const;

/** Typed access to DerNodes; every mismatch throws a ScepError with the caller's code. */
export class DerValues {
  constructor(private readonly code: ScepErrorCode) {}

  fail(message: string): never {
    return scepFail(this.code, message);
  }

  isUniversal(node: DerNode | undefined, tag: number): node is DerNode {
    return node !== undefined && node.tagClass === TAG_CLASS.universal && node.tag === tag;
  }

  isContext(node: DerNode | undefined, tag: number): node is DerNode {
    return node !== undefined && node.tagClass === TAG_CLASS.context && node.tag === tag;
  }

  universal(node: DerNode | undefined, tag: number, what: string): DerNode {
    if (!this.isUniversal(node, tag)) this.fail(`${what}: expected universal tag ${tag}`);
    return node;
  }

  sequence(node: DerNode | undefined, what: string, min = 0): readonly DerNode[] {
    const seq = this.universal(node, UNIVERSAL.sequence, what);
    if (!seq.constructed || seq.children.length < min) this.fail(`${what}: expected a SEQUENCE of at least ${min} elements`);
    return seq.children;
  }

  set(node: DerNode | undefined, what: string): readonly DerNode[] {
    const set = this.universal(node, UNIVERSAL.set, what);
    if (!set.constructed) this.fail(`${what}: expected a constructed SET`);
    return set.children;
  }

  /** The single element inside an EXPLICIT [n] tag. */
  explicit(node: DerNode | undefined, tag: number, what: string): DerNode {
    if (!this.isContext(node, tag) || !node.constructed || node.children.length !== 1) {
      this.fail(`${what}: expected [${tag}] EXPLICIT`);
    }
    const inner = node.children[0];
    if (inner === undefined) return this.fail(`${what}: empty [${tag}]`);
    return inner;
  }

  oid(node: DerNode | undefined, what: string): string {
    const n = this.universal(node, UNIVERSAL.oid, what);
    if (n.constructed || n.content.length === 0 || (n.content[n.content.length - 1] ?? 0) & 0x80) {
      this.fail(`${what}: malformed OBJECT IDENTIFIER`);
    }
    return derToOid(n.content);
  }

  /** INTEGER content octets (two's complement, as encoded). */
  integerBytes(node: DerNode | undefined, what: string): Buffer {
    const n = this.universal(node, UNIVERSAL.integer, what);
    if (n.constructed || n.content.length === 0) this.fail(`${what}: malformed INTEGER`);
    return n.content;
  }

  /** A small non-negative INTEGER. */
  smallInteger(node: DerNode | undefined, what: string): number {
    const bytes = this.integerBytes(node, what);
    if (bytes.length > 4 || ((bytes[0] ?? 0) & 0x80) !== 0) this.fail(`${what}: INTEGER out of range`);
    return bytes.reduce((acc, b) => acc * 256 + b, 0);
  }

  /** OCTET STRING content; a constructed (BER) OCTET STRING is concatenated. */
  octets(node: DerNode | undefined, what: string): Buffer {
    const n = this.universal(node, UNIVERSAL.octetString, what);
    if (!n.constructed) return n.content;
    return Buffer.concat(n.children.map((c) => this.octets(c, what)));
  }

  /** BIT STRING content without its unused-bits octet, which must be 0. */
  bitStringBytes(node: DerNode | undefined, what: string): Buffer {
    const n = this.universal(node, UNIVERSAL.bitString, what);
    if (n.constructed || n.content.length === 0 || n.content[0] !== 0) this.fail(`${what}: expected a whole-byte BIT STRING`);
    return n.content.subarray(1);
  }

  /** A character string of any of the DirectoryString/PrintableString family. */
  string(node: DerNode | undefined, what: string): string {
    if (node === undefined || node.tagClass !== TAG_CLASS.universal || node.constructed) {
      return this.fail(`${what}: expected a character string`);
    }
    switch (node.tag) {
      case UNIVERSAL.utf8String:
        return node.content.toString('utf8');
      case UNIVERSAL.printableString:
      case UNIVERSAL.ia5String:
      case UNIVERSAL.teletexString:
        return node.content.toString('latin1');
      case UNIVERSAL.bmpString:
        return decodeUtf16be(node.content);
      default:
        return this.fail(`${what}: expected a character string, got tag ${node.tag}`);
    }
  }

  time(node: DerNode | undefined, what: string): Date {
    if (!this.isUniversal(node, UNIVERSAL.utcTime) && !this.isUniversal(node, UNIVERSAL.generalizedTime)) {
      return this.fail(`${what}: expected UTCTime or GeneralizedTime`);
    }
    const date = derTimeToDate(node.content.toString('latin1'), node.tag === UNIVERSAL.utcTime);
    if (date === undefined) this.fail(`${what}: invalid time`);
    return date;
  }

  /** AlgorithmIdentifier → its OID and the parameters element, if any. */
  algorithm(node: DerNode | undefined, what: string): { oid: string; params: DerNode | undefined } {
    const [oid, params] = this.sequence(node, what, 1);
    return { oid: this.oid(oid, `${what}.algorithm`), params };
  }
}

function decodeUtf16be(bytes: Buffer): string {
  const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return swapped.swap16().toString('utf16le');
}
