import { AppleMdmError } from '../apple-mdm.errors';
import type { PlistLimits } from './plist.types';

const HEADER = 'bplist00';
const TRAILER_BYTES = 32;
/** bplist-parser refuses more objects than this; refuse first, with our own code. */
const LIBRARY_MAX_OBJECTS = 32768;

interface ObjectInfo {
  kind: 'scalar' | 'string' | 'container';
  refs: number[];
  /** For dicts, how many of `refs` are keys (the first half). */
  keyCount: number;
}

interface Visit {
  height: number;
  count: number;
}

/**
 * Structural check of a `bplist00` document before bplist-parser sees it. The library trusts
 * the offset table and recurses through object references without cycle detection or any
 * budget, so a 200-byte document of shared references can expand to 2^64 values. Here every
 * offset, length and reference is bounds-checked; cycles, unsupported types (null, UID, set,
 * 128-bit integers), non-string or duplicate or `__proto__` keys are refused; nesting depth and
 * the expanded value count (shared references counted every time) are held to the limits.
 */
export function guardBinaryPlist(buf: Buffer, limits: PlistLimits): void {
  if (buf.length < HEADER.length + TRAILER_BYTES || buf.toString('latin1', 0, HEADER.length) !== HEADER) {
    throw new AppleMdmError('malformed_plist', 'not a bplist00 document');
  }
  const trailer = buf.length - TRAILER_BYTES;
  const offsetSize = buf.readUInt8(trailer + 6);
  const refSize = buf.readUInt8(trailer + 7);
  const numObjects = readSafe(buf, trailer + 8, 8);
  const top = readSafe(buf, trailer + 16, 8);
  const tableOffset = readSafe(buf, trailer + 24, 8);
  if (offsetSize < 1 || offsetSize > 8 || refSize < 1 || refSize > 8) {
    throw new AppleMdmError('malformed_plist', 'bad bplist trailer');
  }
  if (numObjects > Math.min(limits.maxValues, LIBRARY_MAX_OBJECTS)) {
    throw new AppleMdmError('too_large', `bplist has ${numObjects} objects`);
  }
  if (top >= numObjects || tableOffset < HEADER.length || tableOffset + numObjects * offsetSize > trailer) {
    throw new AppleMdmError('malformed_plist', 'bplist offset table out of bounds');
  }
  const reader = new ObjectReader(buf, tableOffset, refSize, numObjects, limits);
  const offsets: number[] = [];
  for (let i = 0; i < numObjects; i++) offsets.push(readSafe(buf, tableOffset + i * offsetSize, offsetSize));
  const infos = offsets.map((offset) => reader.read(offset));
  new GraphWalker(infos, offsets, reader, limits).visit(top, 1);
}

function readSafe(buf: Buffer, at: number, size: number): number {
  let n = 0;
  for (let i = 0; i < size; i++) n = n * 256 + (buf[at + i] ?? 0);
  if (!Number.isSafeInteger(n)) throw new AppleMdmError('malformed_plist', 'bplist integer out of range');
  return n;
}

class ObjectReader {
  constructor(
    private readonly buf: Buffer,
    private readonly end: number,
    private readonly refSize: number,
    private readonly numObjects: number,
    private readonly limits: PlistLimits,
  ) {}

  read(offset: number): ObjectInfo {
    if (offset < HEADER.length || offset >= this.end) throw bad('object offset out of bounds');
    const marker = this.buf[offset] ?? 0;
    const type = marker >> 4;
    const info = marker & 0x0f;
    const scalar = (bytes: number): ObjectInfo => {
      this.within(offset + 1, bytes);
      return { kind: 'scalar', refs: [], keyCount: 0 };
    };
    switch (type) {
      case 0x0:
        if (info !== 0x8 && info !== 0x9) throw bad(`unsupported simple value 0x${marker.toString(16)}`);
        return scalar(0);
      case 0x1:
        if (info > 3) throw bad('integers wider than 64 bits are not supported');
        return scalar(2 ** info);
      case 0x2:
        if (info !== 2 && info !== 3) throw bad('bad real width');
        return scalar(2 ** info);
      case 0x3:
        if (info !== 3) throw bad('bad date width');
        return scalar(8);
      case 0x4: {
        const [start, length] = this.length(offset, info);
        if (length > this.limits.maxDataBytes) {
          throw new AppleMdmError('data_too_large', `a data value exceeds ${this.limits.maxDataBytes} bytes`);
        }
        this.within(start, length);
        return { kind: 'scalar', refs: [], keyCount: 0 };
      }
      case 0x5:
      case 0x6: {
        const [start, length] = this.length(offset, info);
        this.within(start, type === 0x6 ? length * 2 : length);
        return { kind: 'string', refs: [], keyCount: 0 };
      }
      case 0xa:
      case 0xd: {
        const [start, length] = this.length(offset, info);
        const refCount = type === 0xd ? length * 2 : length;
        this.within(start, refCount * this.refSize);
        const refs: number[] = [];
        for (let i = 0; i < refCount; i++) {
          const ref = readSafe(this.buf, start + i * this.refSize, this.refSize);
          if (ref >= this.numObjects) throw bad('object reference out of bounds');
          refs.push(ref);
        }
        return { kind: 'container', refs, keyCount: type === 0xd ? length : 0 };
      }
      default:
        throw bad(`unsupported object type 0x${type.toString(16)}`);
    }
  }

  /** Decodes a dict key (ASCII or UTF-16BE string object). */
  key(offset: number): string {
    const marker = this.buf[offset] ?? 0;
    const [start, length] = this.length(offset, marker & 0x0f);
    // The same decodings bplist-parser applies, so both sides agree on every key.
    if (marker >> 4 === 0x5) return this.buf.toString('utf8', start, start + length);
    return Buffer.from(this.buf.subarray(start, start + length * 2)).swap16().toString('utf16le');
  }

  /** [first content byte, element count] for a length-prefixed object. */
  private length(offset: number, info: number): [number, number] {
    if (info !== 0x0f) return [offset + 1, info];
    const intMarker = this.buf[offset + 1] ?? 0;
    if (intMarker >> 4 !== 0x1 || (intMarker & 0x0f) > 3) throw bad('bad length prefix');
    const size = 2 ** (intMarker & 0x0f);
    this.within(offset + 2, size);
    return [offset + 2 + size, readSafe(this.buf, offset + 2, size)];
  }

  private within(start: number, bytes: number): void {
    if (start + bytes > this.end) throw bad('object runs past the offset table');
  }
}

class GraphWalker {
  private readonly done = new Map<number, Visit>();
  private readonly onPath = new Set<number>();
  private total = 0;

  constructor(
    private readonly infos: ObjectInfo[],
    private readonly offsets: number[],
    private readonly reader: ObjectReader,
    private readonly limits: PlistLimits,
  ) {}

  visit(ref: number, depth: number): Visit {
    const info = this.infos[ref];
    if (!info) throw bad('object reference out of bounds');
    if (info.kind !== 'container') return this.add({ height: 0, count: 1 });
    if (depth > this.limits.maxDepth) throw new AppleMdmError('too_deep', `nesting deeper than ${this.limits.maxDepth}`);
    const seen = this.done.get(ref);
    if (seen) {
      if (depth + seen.height - 1 > this.limits.maxDepth) {
        throw new AppleMdmError('too_deep', `nesting deeper than ${this.limits.maxDepth}`);
      }
      return this.add(seen);
    }
    if (this.onPath.has(ref)) throw bad('reference cycle');
    this.onPath.add(ref);
    this.checkKeys(info);
    let height = 0;
    let count = 1;
    this.add({ height: 1, count: 1 });
    info.refs.forEach((child, i) => {
      if (i < info.keyCount) return;
      const before = this.total;
      const v = this.visit(child, depth + 1);
      height = Math.max(height, v.height);
      count += this.total - before;
    });
    this.onPath.delete(ref);
    const visit = { height: height + 1, count };
    this.done.set(ref, visit);
    return visit;
  }

  private checkKeys(info: ObjectInfo): void {
    const keys = new Set<string>();
    for (let i = 0; i < info.keyCount; i++) {
      const keyRef = info.refs[i] ?? -1;
      const keyInfo = this.infos[keyRef];
      const keyOffset = this.offsets[keyRef];
      if (keyInfo?.kind !== 'string' || keyOffset === undefined) throw bad('dict keys must be strings');
      const key = this.reader.key(keyOffset);
      if (key === '__proto__') throw bad('the key __proto__ is not accepted');
      if (keys.has(key)) throw bad(`duplicate key ${JSON.stringify(key)}`);
      keys.add(key);
    }
  }

  private add(v: Visit): Visit {
    this.total += v.count;
    if (this.total > this.limits.maxValues) {
      throw new AppleMdmError('too_large', `more than ${this.limits.maxValues} values once references are expanded`);
    }
    return v;
  }
}

function bad(message: string): AppleMdmError {
  return new AppleMdmError('malformed_plist', `bplist: ${message}`);
}
