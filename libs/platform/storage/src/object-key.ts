import { StorageError } from './storage.errors';

/** S3's limit on a key's UTF-8 length. */
export const MAX_KEY_BYTES = 1024;

/** C0 controls and DEL: NUL breaks file paths, the rest break S3's XML listings. */
function hasControlChar(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Why `key` is not a valid object key, or undefined if it is. Shared by every ObjectStorage. */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'empty';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `longer than ${MAX_KEY_BYTES} bytes`;
  if (key.startsWith('/')) return 'starts with "/"';
  if (key.includes('\\')) return 'contains a backslash';
  if (hasControlChar(key)) return 'contains a control character';
  for (const segment of key.split('/')) {
    if (segment === '') return 'contains an empty path segment ("//" or a trailing "/")';
    if (segment === '.' || segment === '..') return `contains a "${segment}" path segment`;
  }
  return undefined;
}

/** Throws StorageError('invalid_key') unless `key` is a `/`-separated relative path with no `.`/`..`/empty segments. */
export function assertValidKey(key: string): void {
  const problem = keyProblem(key);
  if (problem !== undefined) throw StorageError.invalidKey(problem);
}

/** Sorts keys the way S3 lists them: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
