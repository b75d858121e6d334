import { createWriteStream, Dirent } from 'node:fs';
import { FileHandle, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import type { DependencyHealth, DependencyStatus } from '@flotilla/platform-health';
import {
  BLOB_PREFIX,
  decodeSegment,
  listingStart,
  META_FILE,
  objectDir,
  objectsDir,
  parseMeta,
  StoredMeta,
  tmpDir,
  uniqueName,
} from './folder-layout';
import { errorProp } from './error-props';
import { bodyBytes, DEFAULT_CONTENT_TYPE, ObjectBody } from './object-body';
import { assertValidKey, compareKeys } from './object-key';
import type { ObjectInfo, ObjectStorage, PutOptions } from './object-storage';
import { StorageError } from './storage.errors';

/** An upload area this old belongs to a process that died mid-upload. */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

export interface FolderStorageOptions {
  /** Directory holding everything (created if missing), e.g. `<data dir>/objects`. */
  root: string;
}

/** Filesystem errors that mean "the disk cannot serve us", not "this request is wrong". */
const UNAVAILABLE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE']);

/**
 * ObjectStorage in a local folder, for standalone mode (layout in folder-layout.ts). Bodies are
 * written to a temp file and fsynced, then committed under one in-process lock by two renames
 * (bytes, then metadata): a reader sees the old object or the new one, never a partial one.
 * One process owns the folder.
 */
export class FolderStorage implements ObjectStorage {
  private status: DependencyStatus = 'starting';
  private detail: string | undefined;
  private starting: Promise<void> | undefined;
  /** Commits and deletes run one at a time; uploads stream to temp files concurrently. */
  private commits: Promise<unknown> = Promise.resolve();
  /** This instance's own upload area: several processes may share one root (distributed mode on one machine). */
  private readonly uploads: string;

  constructor(private readonly opts: FolderStorageOptions) {
    this.uploads = path.join(tmpDir(opts.root), uniqueName());
  }

  start(): Promise<void> {
    this.starting ??= this.prepare();
    return this.starting;
  }

  async ready(timeoutMs = 30_000): Promise<void> {
    if (this.status !== 'up' && this.starting) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([this.starting, timeout]);
    }
    if (this.status !== 'up') throw new Error(`storage not ready: ${this.detail ?? this.status}`);
  }

  health(): DependencyHealth {
    return { name: 'storage', kind: 'folder', status: this.status, ...(this.detail ? { detail: this.detail } : {}) };
  }

  async close(): Promise<void> {
    await this.commits;
    await rm(this.uploads, { recursive: true, force: true });
    this.status = 'down';
    this.detail = 'closed';
  }

  async put(key: string, body: ObjectBody, opts: PutOptions = {}): Promise<ObjectInfo> {
    assertValidKey(key);
    return this.guard(async () => {
      const id = uniqueName();
      const tmpBlob = path.join(this.uploads, id);
      const tmpMeta = `${tmpBlob}.meta`;
      try {
        if (body instanceof Readable) await pipeline(body, createWriteStream(tmpBlob, { flags: 'wx', flush: true }));
        else await writeFile(tmpBlob, bodyBytes(body), { flag: 'wx', flush: true });
        const meta: StoredMeta = {
          blob: `${BLOB_PREFIX}${id}`,
          size: (await stat(tmpBlob)).size,
          contentType: opts.contentType ?? DEFAULT_CONTENT_TYPE,
          lastModified: new Date().toISOString(),
        };
        await writeFile(tmpMeta, JSON.stringify(meta), { flag: 'wx', flush: true });
        await this.serialize(() => this.commit(key, tmpBlob, tmpMeta, meta));
        return { ...toInfo(key, meta), contentType: meta.contentType };
      } finally {
        await Promise.all([rm(tmpBlob, { force: true }), rm(tmpMeta, { force: true })]);
      }
    });
  }

  async get(key: string): Promise<Readable> {
    const blob = await this.openBlob(key);
    return blob.createReadStream();
  }

  async getBuffer(key: string): Promise<Buffer> {
    const blob = await this.openBlob(key);
    try {
      return await blob.readFile();
    } finally {
      await blob.close();
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertValidKey(key);
    return this.guard(async () => {
      const meta = await this.readMeta(objectDir(this.opts.root, key));
      return meta ? { ...toInfo(key, meta), contentType: meta.contentType } : null;
    });
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.guard(() =>
      this.serialize(async () => {
        const dir = objectDir(this.opts.root, key);
        const meta = await this.readMeta(dir);
        if (!meta) return;
        await rm(path.join(dir, META_FILE), { force: true });
        await rm(path.join(dir, meta.blob), { force: true });
        await this.prune(dir);
      }),
    );
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const found = await this.guard(async () => {
      const start = listingStart(this.opts.root, prefix);
      const out: ObjectInfo[] = [];
      if (!start) return out;
      for (const entry of await entries(start.dir)) {
        const segment = decodeSegment(entry.name);
        if (!entry.isDirectory() || segment === undefined || !segment.startsWith(start.partial)) continue;
        await this.collect(path.join(start.dir, entry.name), start.keyBase + segment, out);
      }
      return out.sort((a, b) => compareKeys(a.key, b.key));
    });
    yield* found;
  }

  private async prepare(): Promise<void> {
    try {
      await mkdir(objectsDir(this.opts.root), { recursive: true });
      // Upload areas untouched for a day belong to processes that died mid-upload; others may be live.
      await mkdir(tmpDir(this.opts.root), { recursive: true });
      await this.removeStaleUploads();
      await mkdir(this.uploads, { recursive: true });
      this.status = 'up';
      this.detail = undefined;
    } catch (err) {
      this.status = 'down';
      this.detail = errorProp(err, 'message') ?? String(err);
    }
  }

  private async removeStaleUploads(): Promise<void> {
    const root = tmpDir(this.opts.root);
    const cutoff = Date.now() - STALE_UPLOAD_MS;
    for (const name of await readdir(root)) {
      const entry = path.join(root, name);
      const info = await stat(entry).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(entry, { recursive: true, force: true });
    }
  }

  private async commit(key: string, tmpBlob: string, tmpMeta: string, meta: StoredMeta): Promise<void> {
    const dir = objectDir(this.opts.root, key);
    await mkdir(dir, { recursive: true });
    const previous = await this.readMeta(dir);
    const blobPath = path.join(dir, meta.blob);
    await rename(tmpBlob, blobPath);
    try {
      await rename(tmpMeta, path.join(dir, META_FILE));
    } catch (err) {
      await rm(blobPath, { force: true });
      throw err;
    }
    if (previous && previous.blob !== meta.blob) await rm(path.join(dir, previous.blob), { force: true });
  }

  private async openBlob(key: string): Promise<FileHandle> {
    assertValidKey(key);
    return this.guard(async () => {
      const dir = objectDir(this.opts.root, key);
      // A concurrent overwrite may delete the blob between reading the metadata and opening it:
      // read the metadata again, which then names the new blob.
      for (let attempt = 0; attempt < 5; attempt++) {
        const meta = await this.readMeta(dir);
        if (!meta) break;
        try {
          return await open(path.join(dir, meta.blob), 'r');
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
      throw StorageError.notFound(key);
    });
  }

  private async readMeta(dir: string): Promise<StoredMeta | undefined> {
    let text: string;
    try {
      text = await readFile(path.join(dir, META_FILE), 'utf8');
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    try {
      return parseMeta(text);
    } catch {
      return undefined;
    }
  }

  private async collect(dir: string, key: string, out: ObjectInfo[]): Promise<void> {
    const meta = await this.readMeta(dir);
    if (meta) out.push(toInfo(key, meta));
    for (const entry of await entries(dir)) {
      const segment = decodeSegment(entry.name);
      if (entry.isDirectory() && segment !== undefined) await this.collect(path.join(dir, entry.name), `${key}/${segment}`, out);
    }
  }

  /** Removes the now-empty directories of a deleted key, up to the objects root. */
  private async prune(dir: string): Promise<void> {
    const top = objectsDir(this.opts.root);
    for (let d = dir; d !== top && d.startsWith(top); d = path.dirname(d)) {
      try {
        await rmdir(d);
      } catch {
        return;
      }
    }
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.commits.then(fn, fn);
    this.commits = run.catch(() => undefined);
    return run;
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    if (this.status !== 'up') throw new DependencyUnavailableError('storage', new Error(`folder storage ${this.detail ?? this.status}`));
    try {
      return await op();
    } catch (err) {
      const code = errorProp(err, 'code');
      if (code === 'ENAMETOOLONG') throw StorageError.invalidKey('a path segment is too long for this filesystem');
      if (code !== undefined && UNAVAILABLE_CODES.has(code)) throw new DependencyUnavailableError('storage', err);
      throw err;
    }
  }
}

function toInfo(key: string, meta: StoredMeta): ObjectInfo {
  return { key, size: meta.size, lastModified: new Date(meta.lastModified) };
}

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

function isMissing(err: unknown): boolean {
  const code = errorProp(err, 'code');
  return code === 'ENOENT' || code === 'ENOTDIR';
}
