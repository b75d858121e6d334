import type { Readable } from 'node:stream';
import type { ManagedDependency } from '@flotilla/platform-health';

export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
  contentType?: string;
}

export interface PutOptions {
  contentType?: string;
}

/**
 * Blob storage for carves, installers, bootstrap packages, TUF targets (DESIGN.md "Data"):
 * S3-compatible in distributed mode, a local folder in standalone. Keys are `/`-separated
 * relative paths of at most 1024 UTF-8 bytes: no leading `/`, no empty, `.` or `..` segments, no
 * backslash or control character (see `keyProblem`); an invalid key throws `StorageError('invalid_key')`.
 * When the backend is down, operations reject with `DependencyUnavailableError` (503).
 */
export interface ObjectStorage extends ManagedDependency {
  /** Streams are uploaded without buffering the whole body (multipart where the backend needs it). */
  put(key: string, body: Buffer | Uint8Array | string | Readable, opts?: PutOptions): Promise<ObjectInfo>;
  /** Throws StorageError('not_found'). */
  get(key: string): Promise<Readable>;
  getBuffer(key: string): Promise<Buffer>;
  /** Null when missing. */
  head(key: string): Promise<ObjectInfo | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Every object whose key starts with `prefix`, in key order (UTF-8 bytes, as S3 lists them).
   * Listings carry no `contentType` (S3 does not return it); use `head` for that.
   */
  list(prefix: string): AsyncIterable<ObjectInfo>;
}
