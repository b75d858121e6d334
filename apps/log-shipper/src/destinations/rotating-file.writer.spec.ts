import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLogger } from '@flotilla/platform-logging';
import { FilesystemDestination } from './filesystem.destination';
import { RotatingFileWriter } from './rotating-file.writer';

describe('RotatingFileWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-rotate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const line = (n: number) => `${JSON.stringify({ n, pad: 'x'.repeat(40) })}\n`;
  /** Every generation's lines, oldest first: name.<max>(.gz) … name.1(.gz), name. */
  const allLines = (path: string, max: number): number[] => {
    const out: number[] = [];
    for (let i = max; i >= 0; i--) {
      const file = i === 0 ? path : `${path}.${i}`;
      const text = existsSync(`${file}.gz`) ? gunzipSync(readFileSync(`${file}.gz`)).toString() : existsSync(file) ? readFileSync(file, 'utf8') : '';
      for (const l of text.split('\n').filter(Boolean)) out.push((JSON.parse(l) as { n: number }).n);
    }
    return out;
  };

  it('rotates by size and gzips rotated files, keeping maxFiles of them', async () => {
    const path = join(dir, 'logs', 'osqueryd.results.log');
    const writer = new RotatingFileWriter(path, { rotateBytes: 200, maxFiles: 3, compress: true });
    for (let n = 0; n < 20; n++) await writer.append(line(n));
    await writer.idle();
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['osqueryd.results.log', 'osqueryd.results.log.1.gz', 'osqueryd.results.log.2.gz', 'osqueryd.results.log.3.gz']);
    // Each rotated file is a complete gzip stream (gunzipSync throws on a truncated one).
    for (const i of [1, 2, 3]) expect(gunzipSync(readFileSync(`${path}.${i}.gz`)).length).toBeGreaterThan(0);
    // 3 lines (~55 bytes each) per 200-byte file: the current one and three rotated ones keep the newest lines, in order.
    const kept = allLines(path, 3);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 20 - kept.length + i));
    expect(kept.length).toBeGreaterThanOrEqual(9);
  });

  it('keeps rotated files plain when compression is off', async () => {
    const path = join(dir, 'osqueryd.status.log');
    const writer = new RotatingFileWriter(path, { rotateBytes: 200, maxFiles: 2, compress: false });
    for (let n = 0; n < 12; n++) await writer.append(line(n));
    await writer.idle();
    expect(readdirSync(dir).sort()).toEqual(['osqueryd.status.log', 'osqueryd.status.log.1', 'osqueryd.status.log.2']);
    expect(allLines(path, 2).at(-1)).toBe(11);
  });

  it('compresses a rotated file a crash left uncompressed, at the next start', async () => {
    const path = join(dir, 'osqueryd.results.log');
    writeFileSync(`${path}.1`, line(1));
    writeFileSync(`${path}.1.gz.tmp`, 'half a gzip');
    writeFileSync(path, line(2));
    const writer = new RotatingFileWriter(path, { rotateBytes: 10_000, maxFiles: 2, compress: true });
    await writer.append(line(3));
    await writer.idle();
    expect(readdirSync(dir).sort()).toEqual(['osqueryd.results.log', 'osqueryd.results.log.1.gz']);
    expect(allLines(path, 2)).toEqual([1, 2, 3]);
  });

  it('reports a rotated file it could not compress and keeps it', async () => {
    const path = join(dir, 'osqueryd.results.log');
    const failures: string[] = [];
    // A directory where the temporary gzip file should go makes compression fail.
    const writer = new RotatingFileWriter(path, { rotateBytes: 60, maxFiles: 2, compress: true, onCompressError: (file) => failures.push(file) });
    await writer.append(line(0));
    await writer.idle();
    mkdirSync(`${path}.1.gz.tmp`);
    await writer.append(line(1));
    await writer.idle();
    expect(failures).toEqual([`${path}.1`]);
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(line(0));
  });
});

describe('FilesystemDestination', () => {
  it('appends each batch as JSON lines to the file of its log type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-fs-dest-'));
    try {
      const dest = new FilesystemDestination({ dir, rotateBytes: 1024 * 1024, maxFiles: 2, compress: true }, createLogger({ level: 'silent', base: {} }));
      const record = (id: string) => ({ id, json: JSON.stringify({ name: 'q', flotilla_log_id: id }), bytes: 0 });
      await dest.send({ logType: 'result', receivedAt: '', records: [record('b:0'), record('b:1')] });
      await dest.send({ logType: 'status', receivedAt: '', records: [record('s:0')] });
      await dest.close();
      expect(readFileSync(join(dir, 'osqueryd.results.log'), 'utf8')).toBe('{"name":"q","flotilla_log_id":"b:0"}\n{"name":"q","flotilla_log_id":"b:1"}\n');
      expect(readFileSync(join(dir, 'osqueryd.status.log'), 'utf8')).toBe('{"name":"q","flotilla_log_id":"s:0"}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
