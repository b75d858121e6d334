import { windowsMdmError } from '../windows-mdm.errors';

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * Strict base64 decoding (Buffer.from silently skips bad characters, so it is never used alone).
 * Whitespace is ignored (pretty-printed captures wrap and indent tokens). With `urlSafe`, the
 * URL alphabet is accepted too and padding is optional (Fleet's programmatic tokens use it).
 */
export function decodeBase64Strict(text: string, what: string, options: { urlSafe?: boolean } = {}): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') throw windowsMdmError('bad_base64', `${what} is empty`);
  const standard = STANDARD.test(compact);
  const urlSafe = !standard && options.urlSafe === true && URL_SAFE.test(compact);
  if (!standard && !urlSafe) throw windowsMdmError('bad_base64', `${what} contains characters outside base64`);
  const padded = compact.includes('=');
  if ((padded || !urlSafe) && compact.length % 4 !== 0) {
    throw windowsMdmError('bad_base64', `${what} has a length that is not a multiple of 4`);
  }
  if (compact.length % 4 === 1) throw windowsMdmError('bad_base64', `${what} is truncated`);
  return new Uint8Array(Buffer.from(compact, urlSafe ? 'base64url' : 'base64'));
}

/** Standard base64 of bytes. */
export function encodeBase64(bytes: Uint8Array | string): string {
  return (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)).toString('base64');
}
