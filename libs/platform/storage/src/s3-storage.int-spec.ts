import { Readable } from 'node:stream';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import { S3Storage, S3StorageOptions } from './s3-storage';
import { LocalS3Server } from './testing/local-s3.server';
import { collect, describeStorageContract, patternChunks } from './testing/storage.contract';

const server = new LocalS3Server();
let endpoint: string;

beforeAll(async () => {
  endpoint = await server.start();
});
afterAll(() => server.stop());

function options(overrides: Partial<S3StorageOptions> = {}): S3StorageOptions {
  return {
    endpoint,
    region: 'us-east-1',
    bucket: 'flotilla-test',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    // The smallest part S3 allows, so the contract's 12 MiB stream goes up in three parts.
    partSizeBytes: 5 * 1024 * 1024,
    ...overrides,
  };
}

describeStorageContract('S3Storage', () => new S3Storage(options()));

describe('S3Storage', () => {
  it('creates its bucket at start, and tolerates one that exists', async () => {
    const first = new S3Storage(options({ bucket: 'flotilla-created' }));
    await first.start();
    await first.ready(10_000);
    await first.put('k', 'v');
    const second = new S3Storage(options({ bucket: 'flotilla-created' }));
    await second.start();
    await second.ready(10_000);
    expect((await second.getBuffer('k')).toString()).toBe('v');
    await Promise.all([first.close(), second.close()]);
  });

  it('namespaces keys under keyPrefix', async () => {
    const a = new S3Storage(options({ bucket: 'flotilla-shared', keyPrefix: 'tenant-a/' }));
    const b = new S3Storage(options({ bucket: 'flotilla-shared', keyPrefix: 'tenant-b/' }));
    const whole = new S3Storage(options({ bucket: 'flotilla-shared' }));
    for (const s of [a, b, whole]) {
      await s.start();
      await s.ready(10_000);
    }
    await a.put('same/key', 'from a');
    await b.put('same/key', 'from b');
    expect((await a.getBuffer('same/key')).toString()).toBe('from a');
    expect((await collect(b.list(''))).map((i) => i.key)).toEqual(['same/key']);
    expect((await collect(whole.list(''))).map((i) => i.key)).toEqual(['tenant-a/same/key', 'tenant-b/same/key']);
    expect(() => new S3Storage(options({ keyPrefix: '/abs/' }))).toThrow(RangeError);
    await Promise.all([a.close(), b.close(), whole.close()]);
  });

  it('uploads streams larger than one part as multipart uploads, smaller ones with one PutObject', async () => {
    const storage = new S3Storage(options());
    await storage.start();
    await storage.ready(10_000);
    await storage.put('multipart/big', Readable.from(patternChunks(11 * 1024 * 1024)));
    await storage.put('multipart/small', Readable.from(patternChunks(1024 * 1024)));
    expect(server.events).toEqual(expect.arrayContaining(['ObjectCreated:Post multipart/big', 'ObjectCreated:Put multipart/small']));
    expect(await storage.head('multipart/big')).toMatchObject({ size: 11 * 1024 * 1024 });
    await storage.delete('multipart/big');
    await storage.delete('multipart/small');
    await storage.close();
  });

  it('starts against an unreachable endpoint, reports not up and fails as unavailable', async () => {
    const storage = new S3Storage(options({ endpoint: 'http://127.0.0.1:1', connectTimeoutMs: 500 }));
    await expect(storage.start()).resolves.toBeUndefined();
    expect(storage.health().status).not.toBe('up');
    await expect(storage.ready(300)).rejects.toThrow(/not ready/);
    expect(storage.health()).toMatchObject({ name: 'storage', kind: 's3', status: 'down', detail: expect.stringMatching(/ECONNREFUSED/) });
    await expect(storage.head('k')).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(storage.put('k', 'v')).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(collect(storage.list(''))).rejects.toBeInstanceOf(DependencyUnavailableError);
    await storage.close();
  });
});
