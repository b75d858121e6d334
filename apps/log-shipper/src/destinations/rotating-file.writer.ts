import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export interface RotationOptions {
  /** Rotate once the file would grow past this size. */
  rotateBytes: number;
  /** Rotated files kept (the oldest is deleted). */
  maxFiles: number;
  /** Gzip rotated files: `name.1.gz` … `name.<maxFiles>.gz`. */
  compress: boolean;
  /** A rotated file that could not be compressed (it is kept as is). */
  onCompressError?: (file: string, err: unknown) => void;
}

/**
 * Appends text to a file and rotates it by size: `name` → `name.1` → … → `name.<maxFiles>` (the
 * oldest is deleted). Writes are serialised; each append is one write call. With compression, the
 * file just rotated is gzipped in the background — streamed through zlib, never read whole —
 * to `name.1.gz.tmp`, renamed to `name.1.gz`, then removed; appends go on meanwhile, and the next
 * rotation waits for it. A `name.1` left uncompressed by a crash is compressed at the next start.
 */
export class RotatingFileWriter {
  private size: number | undefined;
  private queue: Promise<void> = Promise.resolve();
  private compressing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly opts: RotationOptions,
  ) {}

  append(text: string): Promise<void> {
    const run = this.queue.then(() => this.write(text));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once pending appends and background compression are done. */
  async idle(): Promise<void> {
    await this.queue;
    await this.compressing;
  }

  private async write(text: string): Promise<void> {
    if (this.size === undefined) {
      await mkdir(dirname(this.path), { recursive: true });
      this.size = await stat(this.path).then(
        (s) => s.size,
        () => 0,
      );
      if (this.opts.compress) this.compressing = this.compress(`${this.path}.1`);
    }
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.opts.rotateBytes) await this.rotate();
    await appendFile(this.path, text);
    this.size += bytes;
  }

  /** Shifts both plain and gzipped generations, so a file left uncompressed still ages out in turn. */
  private async rotate(): Promise<void> {
    await this.compressing;
    const max = this.opts.maxFiles;
    await Promise.all([rm(`${this.path}.${max}`, { force: true }), rm(`${this.path}.${max}.gz`, { force: true })]);
    for (let i = max - 1; i >= 1; i--) {
      for (const ext of ['', '.gz']) await rename(`${this.path}.${i}${ext}`, `${this.path}.${i + 1}${ext}`).catch(() => undefined);
    }
    await rename(this.path, `${this.path}.1`);
    this.size = 0;
    if (this.opts.compress) this.compressing = this.compress(`${this.path}.1`);
  }

  private async compress(file: string): Promise<void> {
    if (!(await stat(file).then(() => true, () => false))) return;
    try {
      await pipeline(createReadStream(file), createGzip(), createWriteStream(`${file}.gz.tmp`));
      await rename(`${file}.gz.tmp`, `${file}.gz`);
      await rm(file);
    } catch (err) {
      await rm(`${file}.gz.tmp`, { force: true }).catch(() => undefined);
      this.opts.onCompressError?.(file, err);
    }
  }
}
