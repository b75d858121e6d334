import type { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import S3rver from 's3rver';

interface ListedObject {
  key: string;
}

interface ListResult {
  objects: ListedObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
}

interface ListOptions {
  startAfter?: string;
  maxKeys?: number;
  prefix?: string;
  delimiter?: string;
}

/** The part of s3rver's (untyped) filesystem store that the listing fix wraps. */
interface S3rverStore {
  listObjects(bucket: string, options: ListOptions): Promise<ListResult>;
}

interface S3EventMessage {
  Records: Array<{ eventName: string; s3: { object: { key: string } } }>;
}

function utf8Order(a: ListedObject, b: ListedObject): number {
  return Buffer.compare(Buffer.from(a.key), Buffer.from(b.key));
}

/**
 * s3rver (pure-JS S3-compatible server) on 127.0.0.1, a random free port and a temp directory,
 * for int tests. Its store's listing is wrapped to fix two problems:
 * - s3rver lists keys in its directory-walk order (`a/x` before `a-c` before `a`), where S3
 *   lists "in UTF-8 binary order" (ListObjectsV2 docs): the wrapper sorts.
 * - a truncated listing makes s3rver encrypt a continuation token with DES, which OpenSSL 3
 *   (Node >= 17) refuses (ERR_OSSL_EVP_UNSUPPORTED, a 500): the wrapper answers every listing
 *   in one page, so listings longer than max-keys work here but pagination is not exercised.
 */
export class LocalS3Server {
  /** `<S3 event name> <key>` for each object written, e.g. `ObjectCreated:Put a/b`. */
  readonly events: string[] = [];
  private server: S3rver | undefined;
  private directory: string | undefined;

  async start(): Promise<string> {
    this.directory = await mkdtemp(path.join(tmpdir(), 'flotilla-s3rver-'));
    this.server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: this.directory });
    sortListings((this.server as unknown as { store: S3rverStore }).store);
    // A completed multipart upload is reported as ObjectCreated:Post, a PutObject as ObjectCreated:Put.
    (this.server as unknown as EventEmitter).on('event', (event: S3EventMessage) => {
      for (const record of event.Records) this.events.push(`${record.eventName} ${record.s3.object.key}`);
    });
    const { port } = await this.server.run();
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
  }
}

function sortListings(store: S3rverStore): void {
  const walkOrder = store.listObjects.bind(store);
  store.listObjects = async (bucket, options) => {
    const all = await walkOrder(bucket, { ...options, startAfter: '', maxKeys: Infinity });
    const after = Buffer.from(options.startAfter ?? '');
    const objects = all.objects.sort(utf8Order).filter((o) => Buffer.compare(Buffer.from(o.key), after) > 0);
    return { ...all, objects, isTruncated: false };
  };
}
