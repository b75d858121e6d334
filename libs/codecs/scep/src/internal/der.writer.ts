import { UNIVERSAL } from './der-values.reader';
import { dateToGeneralizedTime, dateToUtcTime, oidToDer } from './forge.adapter';

/** DER encoding helpers over Buffers; pre-encoded elements (certificates, Names) are embedded as they are. */
export const der = {
  tlv(identifier: number, ...content: Buffer[]): Buffer {
    const body = Buffer.concat(content);
    return Buffer.concat([Buffer.from([identifier]), encodeLength(body.length), body]);
  },
  sequence(...items: Buffer[]): Buffer {
    return der.tlv(0x30, ...items);
  },
  /** SET OF, sorted by encoding as DER requires. */
  setOf(items: Buffer[]): Buffer {
    return der.tlv(0x31, ...[...items].sort(Buffer.compare));
  },
  oid(oid: string): Buffer {
    return der.tlv(UNIVERSAL.oid, oidToDer(oid));
  },
  null(): Buffer {
    return Buffer.from([UNIVERSAL.null, 0]);
  },
  integer(value: number | Buffer): Buffer {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`integer ${value}`);
      const bytes: number[] = [];
      let v = value;
      do {
        bytes.unshift(v % 256);
        v = Math.floor(v / 256);
      } while (v > 0);
      if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
      return der.tlv(UNIVERSAL.integer, Buffer.from(bytes));
    }
    return der.tlv(UNIVERSAL.integer, value);
  },
  octetString(value: Buffer): Buffer {
    return der.tlv(UNIVERSAL.octetString, value);
  },
  printableString(value: string): Buffer {
    if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)) throw new RangeError(`not a PrintableString: ${value}`);
    return der.tlv(UNIVERSAL.printableString, Buffer.from(value, 'latin1'));
  },
  utf8String(value: string): Buffer {
    return der.tlv(UNIVERSAL.utf8String, Buffer.from(value, 'utf8'));
  },
  /** UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5652 signingTime rule). */
  time(date: Date): Buffer {
    const year = date.getUTCFullYear();
    return year >= 1950 && year < 2050
      ? der.tlv(UNIVERSAL.utcTime, Buffer.from(dateToUtcTime(date), 'latin1'))
      : der.tlv(UNIVERSAL.generalizedTime, Buffer.from(dateToGeneralizedTime(date), 'latin1'));
  },
  /** [n] EXPLICIT (constructed context tag around one element). */
  explicit(tag: number, inner: Buffer): Buffer {
    return der.tlv(0xa0 | tag, inner);
  },
  /** [n] IMPLICIT constructed, with the given already-encoded children. */
  implicitConstructed(tag: number, ...children: Buffer[]): Buffer {
    return der.tlv(0xa0 | tag, ...children);
  },
  /** [n] IMPLICIT primitive. */
  implicitPrimitive(tag: number, content: Buffer): Buffer {
    return der.tlv(0x80 | tag, content);
  },
  algorithm(oid: string, params?: Buffer): Buffer {
    return params === undefined ? der.sequence(der.oid(oid)) : der.sequence(der.oid(oid), params);
  },
};

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
