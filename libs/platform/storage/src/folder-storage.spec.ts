import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import { FolderStorage } from './folder-storage';
import { collect, describeStorageContract } from './testing/storage.contract';

const dirs: string[] = [];
async function tempRoot(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-folder-storage-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function started(root: string): Promise<FolderStorage> {
  const storage = new FolderStorage({ root });
  await storage.start();
  await storage.ready(1_000);
  return storage;
}

describeStorageContract('FolderStorage', async () => new FolderStorage({ root: await tempRoot() }));

describe('FolderStorage', () => {
  it('keeps the bytes as a plain file beside a metadata file', async () => {
    const root = await tempRoot();
    const storage = await started(root);
    await storage.put('carves/1/block-0', 'payload', { contentType: 'text/plain' });
    const files = await readdir(path.join(root, 'objects', 'carves', '1', 'block-0'));
    expect(files.sort()).toEqual([expect.stringMatching(/^@blob-/), '@meta.json']);
    await storage.close();
  });

  it('leaves no temp files, old blobs or empty directories behind', async () => {
    const root = await tempRoot();
    const storage = await started(root);
    for (let i = 0; i < 5; i++) await storage.put('a/b/c', `version ${i}`);
    expect(await readdir(path.join(root, 'objects', 'a', 'b', 'c'))).toHaveLength(2);
    await storage.delete('a/b/c');
    expect(await readdir(path.join(root, 'objects'))).toEqual([]);
    const [area, ...others] = await readdir(path.join(root, 'tmp'));
    expect(others).toEqual([]);
    expect(await readdir(path.join(root, 'tmp', area ?? ''))).toEqual([]);
    await storage.close();
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('serves whole versions while the same key is overwritten concurrently', async () => {
    const storage = await started(await tempRoot());
    const versions = Array.from({ length: 20 }, (_, i) => `version-${i}-`.repeat(1_000 + i));
    await storage.put('hot', versions[0] ?? '');
    const reads: Array<Promise<string>> = [];
    const writes = versions.map(async (v) => {
      reads.push(storage.getBuffer('hot').then((b) => b.toString()));
      await storage.put('hot', v);
    });
    await Promise.all(writes);
    for (const read of await Promise.all(reads)) expect(versions).toContain(read);
    expect(await collect(storage.list(''))).toHaveLength(1);
    await storage.close();
  });

  it('discards uploads a dead process left unfinished, but not those of a live one sharing the folder', async () => {
    const root = await tempRoot();
    const dead = path.join(root, 'tmp', 'dead-process');
    await mkdir(dead, { recursive: true });
    await writeFile(path.join(dead, 'half-written'), 'partial');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await utimes(dead, twoDaysAgo, twoDaysAgo);
    const live = await started(root);
    const other = await started(root);
    const areas = await readdir(path.join(root, 'tmp'));
    expect(areas).not.toContain('dead-process');
    expect(areas).toHaveLength(2);
    expect(await collect(other.list(''))).toEqual([]);
    await Promise.all([live.close(), other.close()]);
  });

  it('starts without throwing when the folder is unusable, and reports down', async () => {
    const root = await tempRoot();
    await writeFile(path.join(root, 'a-file'), 'not a directory');
    const storage = new FolderStorage({ root: path.join(root, 'a-file', 'storage') });
    await expect(storage.start()).resolves.toBeUndefined();
    expect(storage.health()).toMatchObject({ name: 'storage', kind: 'folder', status: 'down' });
    await expect(storage.ready(100)).rejects.toThrow(/not ready/);
    await expect(storage.put('k', 'v')).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(storage.head('k')).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
