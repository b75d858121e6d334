import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises';

/**
 * Appends text to a file and rotates it by size: `name` → `name.1` → … → `name.<maxFiles>`
 * (the oldest is deleted). Writes are serialised; each append is one write call.
 */
export class RotatingFileWriter {
  private size: number | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly dir: string,
    private readonly rotateBytes: number,
    private readonly maxFiles: number,
  ) {}

  append(text: string): Promise<void> {
    const run = this.queue.then(() => this.write(text));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(text: string): Promise<void> {
    if (this.size === undefined) {
      await mkdir(this.dir, { recursive: true });
      this.size = await stat(this.path).then(
        (s) => s.size,
        () => 0,
      );
    }
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.rotateBytes) await this.rotate();
    await appendFile(this.path, text);
    this.size += bytes;
  }

  private async rotate(): Promise<void> {
    await rm(`${this.path}.${this.maxFiles}`, { force: true });
    for (let i = this.maxFiles - 1; i >= 1; i--) {
      await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(() => undefined);
    }
    await rename(this.path, `${this.path}.1`);
    this.size = 0;
  }
}
