import { Readable, Transform, TransformCallback } from 'node:stream';

export type ObjectBody = Buffer | Uint8Array | string | Readable;

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** The bytes of a non-stream body (streams are never buffered whole). */
export function bodyBytes(body: Exclude<ObjectBody, Readable>): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** A pass-through that counts the bytes of a streamed upload. */
export class ByteCounter extends Transform {
  bytes = 0;

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    callback(null, chunk);
  }
}
