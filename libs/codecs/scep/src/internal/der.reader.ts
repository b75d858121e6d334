import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { scepFail } from '../scep.errors';
import type { ScepLimits } from '../scep.types';

/**
 * A bounded BER/DER reader. The whole input is first walked once without allocating (every length
 * checked against the bytes that remain and against the limits, nesting depth and element count
 * capped), then nodes are materialised lazily. Each node keeps its exact encoded bytes, which
 * signature checks (CSR tbs, signed attributes) and issuer/serial matching need.
 */
export interface DerNode {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly tagClass: number;
  readonly tag: number;
  readonly constructed: boolean;
  /** The whole element: identifier, length, content (and end-of-contents for indefinite lengths). */
  readonly raw: Buffer;
  /** The content octets. */
  readonly content: Buffer;
  /** The child elements of a constructed element (empty for primitives). */
  readonly children: readonly DerNode[];
}

/** Upper bound on elements in one parsed structure, so a small input cannot create millions of nodes. */
export const MAX_ELEMENTS = 65_536;

export const TAG_CLASS = { universal: 0, application: 1, context: 2, private: 3 } as const;

export function resolveLimits(limits?: Partial<ScepLimits>): ScepLimits {
  return {
    maxBytes: limits?.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxDepth: limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth,
  };
}

interface Header {
  tagClass: number;
  tag: number;
  constructed: boolean;
  headerLength: number;
  /** undefined: indefinite length (BER), content ends with 00 00. */
  length: number | undefined;
}

/** Parses one complete BER/DER element spanning all of `input`. */
export function readDer(input: Uint8Array, limits: ScepLimits, what = 'input'): DerNode {
  if (input.byteLength > limits.maxBytes) {
    scepFail('too_large', `${what} is ${input.byteLength} bytes, more than the ${limits.maxBytes} allowed`);
  }
  if (input.byteLength === 0) scepFail('malformed_der', `${what} is empty`);
  const buf = Buffer.from(input); // private copy: results may keep views into it
  const counter = { elements: 0 };
  const end = scan(buf, 0, buf.length, 1, limits, counter, what);
  if (end !== buf.length) scepFail('malformed_der', `${what} has ${buf.length - end} trailing bytes after the ASN.1 element`);
  return materialise(buf, 0);
}

function readHeader(buf: Buffer, pos: number, end: number, limits: ScepLimits, what: string): Header {
  let p = pos;
  const first = byteAt(buf, p++, end, what);
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      if (i === 4) scepFail('malformed_der', `${what}: tag number too long`);
      const b = byteAt(buf, p++, end, what);
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  const lengthByte = byteAt(buf, p++, end, what);
  if (lengthByte < 0x80) return { tagClass, tag, constructed, headerLength: p - pos, length: lengthByte };
  if (lengthByte === 0x80) {
    if (!constructed) scepFail('malformed_der', `${what}: indefinite length on a primitive element`);
    return { tagClass, tag, constructed, headerLength: p - pos, length: undefined };
  }
  const count = lengthByte & 0x7f;
  if (count === 0x7f) scepFail('malformed_der', `${what}: reserved length octet 0xff`);
  let length = 0;
  for (let i = 0; i < count; i++) {
    length = length * 256 + byteAt(buf, p++, end, what);
    if (length > limits.maxBytes) {
      scepFail('too_large', `${what}: an ASN.1 length claims more than the ${limits.maxBytes} bytes allowed`);
    }
  }
  return { tagClass, tag, constructed, headerLength: p - pos, length };
}

function byteAt(buf: Buffer, p: number, end: number, what: string): number {
  const b = p < end ? buf[p] : undefined;
  if (b === undefined) scepFail('malformed_der', `${what} is truncated`);
  return b;
}

function scan(
  buf: Buffer,
  pos: number,
  end: number,
  depth: number,
  limits: ScepLimits,
  counter: { elements: number },
  what: string,
): number {
  if (depth > limits.maxDepth) scepFail('too_deep', `${what} nests ASN.1 deeper than ${limits.maxDepth} levels`);
  if (++counter.elements > MAX_ELEMENTS) scepFail('too_large', `${what} has more than ${MAX_ELEMENTS} ASN.1 elements`);
  const h = readHeader(buf, pos, end, limits, what);
  if (h.tagClass === TAG_CLASS.universal && h.tag === 0) scepFail('malformed_der', `${what}: unexpected end-of-contents`);
  let p = pos + h.headerLength;
  if (h.length === undefined) {
    for (;;) {
      if (p + 1 < end && buf[p] === 0 && buf[p + 1] === 0) return p + 2;
      if (p >= end) scepFail('malformed_der', `${what}: indefinite-length element is not terminated`);
      p = scan(buf, p, end, depth + 1, limits, counter, what);
    }
  }
  const contentEnd = p + h.length;
  if (contentEnd > end) scepFail('malformed_der', `${what} is truncated: a length runs past the end of its container`);
  if (h.constructed) {
    while (p < contentEnd) p = scan(buf, p, contentEnd, depth + 1, limits, counter, what);
  }
  return contentEnd;
}

const VALIDATED: ScepLimits = { maxBytes: Number.MAX_SAFE_INTEGER, maxDepth: Number.MAX_SAFE_INTEGER };

/** Builds the node at `pos`; the region was validated by scan, so header reads cannot fail. */
function materialise(buf: Buffer, pos: number): DerNode {
  const h = readHeader(buf, pos, buf.length, VALIDATED, 'input');
  const contentStart = pos + h.headerLength;
  let contentEnd: number;
  let elementEnd: number;
  if (h.length === undefined) {
    let p = contentStart;
    while (!(buf[p] === 0 && buf[p + 1] === 0)) p = nextSibling(buf, p);
    contentEnd = p;
    elementEnd = p + 2;
  } else {
    contentEnd = contentStart + h.length;
    elementEnd = contentEnd;
  }
  let children: DerNode[] | undefined;
  return {
    tagClass: h.tagClass,
    tag: h.tag,
    constructed: h.constructed,
    raw: buf.subarray(pos, elementEnd),
    content: buf.subarray(contentStart, contentEnd),
    get children(): readonly DerNode[] {
      if (children === undefined) {
        children = [];
        if (h.constructed) {
          for (let p = contentStart; p < contentEnd; p = nextSibling(buf, p)) children.push(materialise(buf, p));
        }
      }
      return children;
    },
  };
}

function nextSibling(buf: Buffer, pos: number): number {
  const node = materialise(buf, pos);
  return pos + node.raw.length;
}
