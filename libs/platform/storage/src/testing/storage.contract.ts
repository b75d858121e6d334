import { createCipheriv, createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ObjectInfo, ObjectStorage } from '../object-storage';
import { StorageError } from '../storage.errors';

/** Deterministic pseudo-random bytes (an AES-CTR keystream), produced in `chunk`-sized pieces, never held whole. */
export function* patternChunks(totalBytes: number, chunk = 256 * 1024): Generator<Buffer> {
  const keystream = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16, 0));
  for (let sent = 0; sent < totalBytes; sent += chunk) {
    yield keystream.update(Buffer.alloc(Math.min(chunk, totalBytes - sent)));
  }
}

export async function sha256Of(source: Iterable<Buffer> | AsyncIterable<Buffer | string>): Promise<{ hash: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of source) {
    hash.update(chunk);
    bytes += Buffer.byteLength(chunk);
  }
  return { hash: hash.digest('hex'), bytes };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function expectStorageError(promise: Promise<unknown>, code: StorageError['code'], status: number): Promise<void> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  expect(err).toMatchObject({ code, status });
}

export interface StorageContractOptions {
  /** Size of the streamed body; make it span several multipart parts. Default 12 MiB. */
  streamBytes?: number;
}

/**
 * The behaviour every ObjectStorage shares (S3 and the local folder), so code tested in
 * standalone mode behaves the same in distributed mode. Each test works under its own prefix.
 */
export function describeStorageContract(
  name: string,
  makeStorage: () => ObjectStorage | Promise<ObjectStorage>,
  opts: StorageContractOptions = {},
): void {
  describe(`ObjectStorage contract: ${name}`, () => {
    const run = `contract-${randomUUID().slice(0, 8)}`;
    let storage: ObjectStorage;
    let k: (suffix: string) => string;

    beforeAll(async () => {
      storage = await makeStorage();
      await storage.start();
      await storage.ready(20_000);
    });
    afterAll(async () => {
      for (const info of await collect(storage.list(`${run}/`))) await storage.delete(info.key);
      await storage.close();
    });
    beforeEach(() => {
      const id = randomUUID().slice(0, 8);
      k = (suffix) => `${run}/${id}/${suffix}`;
    });

    it('reports up once ready', async () => {
      expect((await storage.health()).status).toBe('up');
    });

    it('stores Buffers and reads them back as a buffer and as a stream', async () => {
      const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
      const info = await storage.put(k('bin'), bytes);
      expect(info).toMatchObject({ key: k('bin'), size: 7, contentType: 'application/octet-stream' });
      expect(info.lastModified).toBeInstanceOf(Date);
      expect(await storage.getBuffer(k('bin'))).toEqual(bytes);
      expect(Buffer.concat(await collect<Buffer>(await storage.get(k('bin'))))).toEqual(bytes);
    });

    it('stores strings as UTF-8 and Uint8Array views by their own bytes', async () => {
      const text = 'héllo, wörld ✓';
      const info = await storage.put(k('text'), text, { contentType: 'text/plain; charset=utf-8' });
      expect(info.size).toBe(Buffer.byteLength(text));
      expect((await storage.getBuffer(k('text'))).toString('utf8')).toBe(text);

      const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
      await storage.put(k('view'), backing.subarray(2, 5));
      expect(await storage.getBuffer(k('view'))).toEqual(Buffer.from([1, 2, 3]));
    });

    it('stores empty objects', async () => {
      await storage.put(k('empty'), Buffer.alloc(0));
      await storage.put(k('empty-stream'), Readable.from([]));
      expect(await storage.head(k('empty'))).toMatchObject({ size: 0 });
      expect(await storage.head(k('empty-stream'))).toMatchObject({ size: 0 });
      expect((await storage.getBuffer(k('empty-stream'))).length).toBe(0);
    });

    it('streams a body of several MB in and out without changing a byte', async () => {
      const size = opts.streamBytes ?? 12 * 1024 * 1024 + 12_345;
      const expected = await sha256Of(patternChunks(size));
      const info = await storage.put(k('big.bin'), Readable.from(patternChunks(size)), { contentType: 'application/x-carve' });
      expect(info).toMatchObject({ key: k('big.bin'), size, contentType: 'application/x-carve' });
      expect(await storage.head(k('big.bin'))).toMatchObject({ size, contentType: 'application/x-carve' });
      expect(await sha256Of(await storage.get(k('big.bin')))).toEqual(expected);
    });

    it('heads: size, content type and modification time; null when missing', async () => {
      const before = Date.now();
      await storage.put(k('h.json'), '{"a":1}', { contentType: 'application/json' });
      const info = await storage.head(k('h.json'));
      expect(info).toMatchObject({ key: k('h.json'), size: 7, contentType: 'application/json' });
      // S3 keeps whole seconds; allow for that and a little clock skew.
      expect(Math.abs((info?.lastModified.getTime() ?? 0) - before)).toBeLessThan(60_000);
      expect(await storage.head(k('missing'))).toBeNull();
    });

    it('rejects reading a missing object with not_found', async () => {
      await expectStorageError(storage.get(k('missing')), 'not_found', 404);
      await expectStorageError(storage.getBuffer(k('missing')), 'not_found', 404);
    });

    it('deletes objects; deleting a missing one is fine', async () => {
      await storage.put(k('d'), 'x');
      await storage.delete(k('d'));
      expect(await storage.head(k('d'))).toBeNull();
      await expectStorageError(storage.getBuffer(k('d')), 'not_found', 404);
      await expect(storage.delete(k('d'))).resolves.toBeUndefined();
      await expect(storage.delete(k('never/existed'))).resolves.toBeUndefined();
      expect(await collect(storage.list(k('')))).toEqual([]);
    });

    it('overwrites bytes and content type together', async () => {
      await storage.put(k('o'), 'first version', { contentType: 'text/plain' });
      await storage.put(k('o'), '{"v":2}', { contentType: 'application/json' });
      expect((await storage.getBuffer(k('o'))).toString()).toBe('{"v":2}');
      expect(await storage.head(k('o'))).toMatchObject({ size: 7, contentType: 'application/json' });
      await storage.put(k('o'), Readable.from([Buffer.from('three')]));
      expect(await storage.head(k('o'))).toMatchObject({ size: 5, contentType: 'application/octet-stream' });
      expect((await collect(storage.list(k('')))).map((i) => i.key)).toEqual([k('o')]);
    });

    it('lists every object under a prefix, recursively, in key order', async () => {
      const keys = ['b', 'a/x', 'a', 'a-c', 'c/d/e', 'a/y/z', 'ab'];
      for (const [i, key] of keys.entries()) await storage.put(k(key), 'x'.repeat(i + 1));
      const listed = (prefix: string): Promise<ObjectInfo[]> => collect(storage.list(k(prefix)));

      const all = await listed('');
      expect(all.map((i) => i.key)).toEqual(['a', 'a-c', 'a/x', 'a/y/z', 'ab', 'b', 'c/d/e'].map(k));
      expect(all.find((i) => i.key === k('a/y/z'))).toMatchObject({ size: 6 });
      for (const info of all) expect(info.lastModified).toBeInstanceOf(Date);

      expect((await listed('a')).map((i) => i.key)).toEqual(['a', 'a-c', 'a/x', 'a/y/z', 'ab'].map(k));
      expect((await listed('a/')).map((i) => i.key)).toEqual(['a/x', 'a/y/z'].map(k));
      expect((await listed('c/d')).map((i) => i.key)).toEqual([k('c/d/e')]);
      expect(await listed('zzz')).toEqual([]);
      expect(await listed('nothing/here/')).toEqual([]);
    });

    it('keeps a key and keys beneath it independent', async () => {
      await storage.put(k('dir'), 'parent');
      await storage.put(k('dir/child'), 'child');
      expect((await storage.getBuffer(k('dir'))).toString()).toBe('parent');
      await storage.delete(k('dir'));
      expect((await storage.getBuffer(k('dir/child'))).toString()).toBe('child');
      await storage.delete(k('dir/child'));
      await storage.put(k('dir'), 'again');
      expect((await collect(storage.list(k('')))).map((i) => i.key)).toEqual([k('dir')]);
    });

    it('accepts unusual but valid keys', async () => {
      const odd = ['@meta.json', '@@x', '@blob-1/y', '...', '.hidden', 'sp ace/ünï/✓', 'a+b=c&d%20e', "q'\"<>|*?:"];
      for (const key of odd) await storage.put(k(key), key);
      for (const key of odd) expect((await storage.getBuffer(k(key))).toString()).toBe(key);
      const listed = (await collect(storage.list(k('')))).map((i) => i.key);
      expect([...listed].sort()).toEqual(odd.map(k).sort());
    });

    it('rejects invalid keys with invalid_key', async () => {
      const bad = ['', '/abs', 'a/../b', '..', 'a/./b', 'a\\b', 'a\0b', 'a//b', 'trailing/', 'ctl\u0007', 'x'.repeat(1025)];
      for (const key of bad) {
        await expectStorageError(storage.put(key, 'x'), 'invalid_key', 400);
        await expectStorageError(storage.get(key), 'invalid_key', 400);
        await expectStorageError(storage.getBuffer(key), 'invalid_key', 400);
        await expectStorageError(storage.head(key), 'invalid_key', 400);
        await expectStorageError(storage.delete(key), 'invalid_key', 400);
      }
      expect(await collect(storage.list('../'))).toEqual([]);
    });

    it('never shows an object before its upload completes, nor after it fails', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      async function* slow(): AsyncGenerator<Buffer> {
        yield Buffer.alloc(64 * 1024, 1);
        await gate;
        yield Buffer.alloc(64 * 1024, 2);
      }
      const putting = storage.put(k('slow'), Readable.from(slow()));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await storage.head(k('slow'))).toBeNull();
      expect(await collect(storage.list(k('')))).toEqual([]);
      release();
      await expect(putting).resolves.toMatchObject({ size: 128 * 1024 });

      // Past one 5 MiB part, so an S3 upload has gone multipart before the source fails.
      async function* broken(): AsyncGenerator<Buffer> {
        yield* patternChunks(6 * 1024 * 1024);
        throw new Error('source failed');
      }
      await expect(storage.put(k('broken'), Readable.from(broken()))).rejects.toThrow('source failed');
      expect(await storage.head(k('broken'))).toBeNull();
      expect((await collect(storage.list(k('')))).map((i) => i.key)).toEqual([k('slow')]);
    });
  });
}
