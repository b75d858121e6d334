import { gunzipSync, inflateSync } from 'node:zlib';
import { osqueryError } from './osquery.errors';

/** Options for `decodeBody`. */
export interface DecodeBodyOptions {
  /** The request's `Content-Encoding` header, if any. */
  contentEncoding?: string;
  /** Largest accepted body after decompression, in bytes. */
  maxBytes: number;
}

type Encoding = 'identity' | 'gzip' | 'deflate';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const UTF8_BOM = '\uFEFF';

function encodingOf(header: string | undefined, bytes: Uint8Array): Encoding {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) {
    // osquery's logger may gzip without the header behind some proxies: trust the magic bytes.
    return bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1 ? 'gzip' : 'identity';
  }
  if (codings.length === 1 && (codings[0] === 'gzip' || codings[0] === 'x-gzip')) return 'gzip';
  if (codings.length === 1 && codings[0] === 'deflate') return 'deflate';
  throw osqueryError('unsupported_encoding', `Content-Encoding "${codings.join(', ')}" is not supported (gzip, deflate or identity)`);
}

function inflate(bytes: Uint8Array, encoding: 'gzip' | 'deflate', maxBytes: number): Buffer {
  try {
    // maxOutputLength aborts inflation as soon as the output would exceed the limit (gzip-bomb guard).
    const options = { maxOutputLength: Math.max(1, maxBytes) };
    return encoding === 'gzip' ? gunzipSync(bytes, options) : inflateSync(bytes, options);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw osqueryError('too_large', `body inflates to more than ${maxBytes} bytes`, err);
    }
    throw osqueryError('bad_gzip', `body is not valid ${encoding} data: ${(err as Error).message}`, err);
  }
}

/**
 * Turns raw request bytes into parsed JSON: inflates gzip (by header or magic bytes) or deflate
 * while enforcing `maxBytes` on the decompressed size, then parses JSON.
 * Throws 'unsupported_encoding' | 'bad_gzip' | 'too_large' | 'not_json'.
 */
export function decodeBody(bytes: Uint8Array, options: DecodeBodyOptions): unknown {
  const encoding = encodingOf(options.contentEncoding, bytes);
  let plain: Buffer;
  if (encoding === 'identity') {
    if (bytes.length > options.maxBytes) throw osqueryError('too_large', `body is ${bytes.length} bytes, more than ${options.maxBytes}`);
    plain = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } else {
    plain = inflate(bytes, encoding, options.maxBytes);
  }
  let text = plain.toString('utf8');
  if (text.startsWith(UTF8_BOM)) text = text.slice(1);
  if (text.trim() === '') throw osqueryError('not_json', 'body is empty');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // V8's message quotes part of the body (which may hold a secret): keep only the position.
    const position = /position (\d+)/.exec((err as Error).message)?.[1];
    throw osqueryError('not_json', position === undefined ? 'body is not valid JSON' : `body is not valid JSON (at position ${position})`);
  }
}
