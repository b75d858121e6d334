import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { keyProblem } from './object-key';

/**
 * On-disk layout of FolderStorage, chosen so that any set of valid keys fits (S3 lets `a` and
 * `a/b` coexist; plain files cannot) and an overwrite replaces bytes and metadata in one rename:
 *
 *   <root>/objects/<seg>/<seg>/…/@meta.json      the commit point: {"blob","size","contentType","lastModified"}
 *   <root>/objects/<seg>/<seg>/…/@blob-<id>      the bytes, a plain file
 *   <root>/tmp/<instance>/                       uploads in progress, one area per process (stale ones removed at start)
 *
 * Every key segment is a directory. Names starting with one `@` are ours; a key segment that
 * starts with `@` is stored with one more `@` in front.
 */
export const META_FILE = '@meta.json';
export const BLOB_PREFIX = '@blob-';

export interface StoredMeta {
  blob: string;
  size: number;
  contentType: string;
  lastModified: string;
}

export function objectsDir(root: string): string {
  return path.join(root, 'objects');
}

export function tmpDir(root: string): string {
  return path.join(root, 'tmp');
}

export function uniqueName(): string {
  return `${Date.now().toString(36)}-${randomBytes(8).toString('hex')}`;
}

/** The directory of a (validated) key. */
export function objectDir(root: string, key: string): string {
  return path.join(objectsDir(root), ...key.split('/').map(encodeSegment));
}

export function encodeSegment(segment: string): string {
  return segment.startsWith('@') ? `@${segment}` : segment;
}

/** The key segment a directory entry stands for, or undefined for our own files. */
export function decodeSegment(name: string): string | undefined {
  if (name.startsWith('@@')) return name.slice(1);
  return name.startsWith('@') ? undefined : name;
}

/**
 * Where a listing by `prefix` starts: the directory of its complete segments, and the partial
 * last segment entries there must start with. Undefined when no valid key can have this prefix.
 */
export function listingStart(root: string, prefix: string): { dir: string; keyBase: string; partial: string } | undefined {
  if (prefix.startsWith('/')) return undefined;
  const cut = prefix.lastIndexOf('/');
  const complete = cut < 0 ? '' : prefix.slice(0, cut);
  const partial = prefix.slice(cut + 1);
  if (complete !== '' && keyProblem(complete) !== undefined) return undefined;
  if (partial !== '' && keyProblem(partial) !== undefined && !'.'.startsWith(partial) && !'..'.startsWith(partial)) return undefined;
  return {
    dir: complete === '' ? objectsDir(root) : objectDir(root, complete),
    keyBase: complete === '' ? '' : `${complete}/`,
    partial,
  };
}

export function parseMeta(text: string): StoredMeta | undefined {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) return undefined;
  const { blob, size, contentType, lastModified } = value as Record<string, unknown>;
  if (typeof blob !== 'string' || !blob.startsWith(BLOB_PREFIX) || blob.includes('/')) return undefined;
  if (typeof size !== 'number' || typeof contentType !== 'string' || typeof lastModified !== 'string') return undefined;
  return { blob, size, contentType, lastModified };
}
