const POPCOUNT = Uint8Array.from({ length: 256 }, (_, i) => {
  let n = 0;
  for (let v = i; v; v >>= 1) n += v & 1;
  return n;
});

/**
 * A Redis-style bit string for the in-memory cache: bit 0 is the most significant bit of byte 0,
 * the logical length grows to the byte holding the highest bit set, bits beyond the end read 0.
 * Capacity doubles so setting ascending offsets stays linear.
 */
export class Bitfield {
  private constructor(
    private buf: Buffer,
    private len: number,
  ) {}

  static empty(): Bitfield {
    return new Bitfield(Buffer.alloc(0), 0);
  }

  /** A string value turned into bits, as SETBIT does on an existing string key. */
  static fromString(value: string): Bitfield {
    const buf = Buffer.from(value, 'utf8');
    return new Bitfield(buf, buf.length);
  }

  get byteLength(): number {
    return this.len;
  }

  get(offset: number): 0 | 1 {
    const byte = offset >>> 3;
    if (byte >= this.len) return 0;
    return (((this.buf[byte] ?? 0) >> (7 - (offset & 7))) & 1) as 0 | 1;
  }

  /** Sets the bit and returns its previous value. */
  set(offset: number, value: 0 | 1): 0 | 1 {
    const byte = offset >>> 3;
    this.ensure(byte + 1);
    const mask = 1 << (7 - (offset & 7));
    const old = this.buf[byte] ?? 0;
    this.buf[byte] = value ? old | mask : old & ~mask;
    return old & mask ? 1 : 0;
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.len; i++) n += POPCOUNT[this.buf[i] ?? 0] ?? 0;
    return n;
  }

  /** The bytes as a string, as GET returns them through a UTF-8 client. */
  toString(): string {
    return this.buf.subarray(0, this.len).toString('utf8');
  }

  private ensure(length: number): void {
    if (length <= this.len) return;
    if (length > this.buf.length) {
      const grown = Buffer.alloc(Math.max(length, Math.min(this.buf.length * 2, length + 64 * 1024 * 1024)));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    this.len = length;
  }
}
