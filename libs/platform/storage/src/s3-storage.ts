import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectCommandOutput,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import { BackoffOptions, DependencyHealth, DependencyStatus, KeepConnected } from '@flotilla/platform-health';
import { errorProp } from './error-props';
import { bodyBytes, ByteCounter, DEFAULT_CONTENT_TYPE, ObjectBody } from './object-body';
import { assertValidKey, keyProblem } from './object-key';
import type { ObjectInfo, ObjectStorage, PutOptions } from './object-storage';
import { isS3NotFound, isS3Unavailable, s3Status } from './s3-errors';
import { StorageError } from './storage.errors';

export interface S3StorageOptions {
  /** S3-compatible endpoint, e.g. `http://minio:9000`; omit for AWS. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Omit both to use the SDK's default credential chain (instance roles, IRSA…). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `http://endpoint/bucket/key` URLs; needed by most S3-compatible servers. */
  forcePathStyle?: boolean;
  /** Prepended to every key, e.g. `flotilla/`, to share a bucket. */
  keyPrefix?: string;
  /** Multipart part size for streamed uploads; at least 5 MiB. Default 8 MiB. */
  partSizeBytes?: number;
  /** Parts uploaded in parallel per stream (memory: partSize × this). Default 4. */
  uploadConcurrency?: number;
  /**
   * Checksums on requests: `when_required` (default) suits S3-compatible servers that do not
   * implement the newer flexible-checksum headers; `when_supported` adds CRC32 on AWS.
   */
  checksums?: 'when_required' | 'when_supported';
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
  /** A socket idle this long fails the request. Default 30000 ms. */
  socketTimeoutMs?: number;
  /** HeadBucket probe period. Default 10000 ms. */
  probeIntervalMs?: number;
  backoff?: BackoffOptions;
  onStatus?: (status: DependencyStatus, detail?: string) => void;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;

/**
 * ObjectStorage on S3 or an S3-compatible server (distributed mode). `start()` never throws:
 * KeepConnected creates the bucket once reachable and probes it with HeadBucket; network
 * failures and 5xx reject with `DependencyUnavailableError('storage')` and mark it down.
 */
export class S3Storage implements ObjectStorage {
  private readonly client: S3Client;
  private readonly keeper: KeepConnected;
  private readonly prefix: string;

  constructor(private readonly opts: S3StorageOptions) {
    if (opts.keyPrefix && keyProblem(`${opts.keyPrefix}x`) !== undefined) {
      throw new RangeError(`invalid keyPrefix: ${keyProblem(`${opts.keyPrefix}x`) ?? ''}`);
    }
    this.prefix = opts.keyPrefix ?? '';
    const checksums = opts.checksums === 'when_supported' ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED';
    const config: S3ClientConfig = {
      region: opts.region,
      forcePathStyle: opts.forcePathStyle ?? false,
      requestChecksumCalculation: checksums,
      responseChecksumValidation: checksums,
      requestHandler: { connectionTimeout: opts.connectTimeoutMs ?? 5_000, socketTimeout: opts.socketTimeoutMs ?? 30_000 },
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      ...(opts.accessKeyId && opts.secretAccessKey
        ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } }
        : {}),
    };
    this.client = new S3Client(config);
    this.keeper = new KeepConnected({
      name: 'storage',
      kind: 's3',
      connect: () => this.ensureBucket(),
      probe: async () => {
        await this.client.send(new HeadBucketCommand({ Bucket: opts.bucket }));
      },
      disconnect: async () => undefined,
      probeIntervalMs: opts.probeIntervalMs ?? 10_000,
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      ...(opts.onStatus ? { onStatus: opts.onStatus } : {}),
    });
  }

  start(): Promise<void> {
    return this.keeper.start();
  }

  ready(timeoutMs?: number): Promise<void> {
    return this.keeper.ready(timeoutMs);
  }

  health(): DependencyHealth {
    return this.keeper.health();
  }

  async close(): Promise<void> {
    await this.keeper.close();
    this.client.destroy();
  }

  async put(key: string, body: ObjectBody, opts: PutOptions = {}): Promise<ObjectInfo> {
    assertValidKey(key);
    const contentType = opts.contentType ?? DEFAULT_CONTENT_TYPE;
    const params = { Bucket: this.opts.bucket, Key: this.prefix + key, ContentType: contentType };
    return this.call(async () => {
      if (!(body instanceof Readable)) {
        const bytes = bodyBytes(body);
        await this.client.send(new PutObjectCommand({ ...params, Body: bytes, ContentLength: bytes.length }));
        return { key, size: bytes.length, lastModified: new Date(), contentType };
      }
      // Parts of partSize are buffered and sent as they fill, so memory stays bounded;
      // a body under one part goes as a single PutObject.
      const counter = new ByteCounter();
      const piping = pipeline(body, counter);
      const upload = new Upload({
        client: this.client,
        params: { ...params, Body: counter },
        partSize: Math.max(MIN_PART_SIZE, this.opts.partSizeBytes ?? 8 * 1024 * 1024),
        queueSize: this.opts.uploadConcurrency ?? 4,
      });
      const uploaded = upload.done().catch((err: unknown) => {
        counter.destroy(err instanceof Error ? err : new Error(String(err)));
        throw err;
      });
      await Promise.all([uploaded, piping]);
      return { key, size: counter.bytes, lastModified: new Date(), contentType };
    });
  }

  async get(key: string): Promise<Readable> {
    assertValidKey(key);
    const body = await this.getObject(key);
    if (body === undefined) return Readable.from([]);
    if (!(body instanceof Readable)) throw new Error('S3 GetObject returned a non-stream body');
    return body;
  }

  async getBuffer(key: string): Promise<Buffer> {
    assertValidKey(key);
    const body = await this.getObject(key);
    if (!body) return Buffer.alloc(0);
    return this.call(async () => Buffer.from(await body.transformToByteArray()));
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertValidKey(key);
    try {
      const out = await this.call(() => this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: this.prefix + key })));
      return {
        key,
        size: out.ContentLength ?? 0,
        lastModified: out.LastModified ?? new Date(0),
        ...(out.ContentType ? { contentType: out.ContentType } : {}),
      };
    } catch (err) {
      if (isS3NotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.call(() => this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.prefix + key })));
  }

  /** In the server's order: UTF-8 binary key order on S3 general-purpose buckets and compatible servers. */
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const pages = paginateListObjectsV2({ client: this.client }, { Bucket: this.opts.bucket, Prefix: this.prefix + prefix });
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      const page = await this.call(() => iterator.next());
      if (page.done) return;
      for (const item of page.value.Contents ?? []) {
        const key = item.Key?.slice(this.prefix.length);
        // Objects put by other tools under keys this API rejects could not be read back: skip them.
        if (key === undefined || keyProblem(key) !== undefined) continue;
        yield { key, size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) };
      }
    }
  }

  private async getObject(key: string): Promise<GetObjectCommandOutput['Body']> {
    try {
      const out = await this.call(() => this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.prefix + key })));
      return out.Body;
    } catch (err) {
      if (isS3NotFound(err)) throw StorageError.notFound(key);
      throw err;
    }
  }

  /** Creates the bucket unless it exists (HeadBucket first: creating needs more permissions). */
  private async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.opts.bucket }));
      return;
    } catch (err) {
      if (s3Status(err) !== 404) throw err;
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.opts.bucket }));
    } catch (err) {
      // Someone (another replica) created it meanwhile; the probe confirms we can use it.
      const name = errorProp(err, 'name');
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
    }
  }

  private async call<T>(op: () => Promise<T>): Promise<T> {
    if (this.keeper.health().status === 'down') {
      throw new DependencyUnavailableError('storage', new Error(this.keeper.health().detail ?? 'storage down'));
    }
    try {
      return await op();
    } catch (err) {
      if (!isS3Unavailable(err)) throw err;
      this.keeper.markDown(err);
      throw new DependencyUnavailableError('storage', err);
    }
  }
}
