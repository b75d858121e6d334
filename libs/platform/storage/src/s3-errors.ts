import { errorProp } from './error-props';

/** Socket-level failures: the storage server could not be reached or stopped answering. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The HTTP status of an S3 error response; undefined when no response arrived. */
export function s3Status(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('$metadata' in err)) return undefined;
  const metadata = err.$metadata;
  if (typeof metadata !== 'object' || metadata === null || !('httpStatusCode' in metadata)) return undefined;
  return typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

/**
 * True when the error says "storage is down" (no response, timeouts, 5xx after the SDK's own
 * retries) rather than "this request was wrong" (4xx), or a failure of the caller's body stream.
 */
export function isS3Unavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = errorProp(err, 'name');
  // Our bucket is gone: nothing works until someone recreates it.
  if (name === 'NoSuchBucket') return true;
  const status = s3Status(err);
  if (status !== undefined) return status >= 500;
  const code = errorProp(err, 'code');
  return '$metadata' in err || (code !== undefined && NETWORK_CODES.has(code)) || name === 'TimeoutError';
}

/** The object does not exist (GetObject's NoSuchKey, HeadObject's body-less 404). */
export function isS3NotFound(err: unknown): boolean {
  const name = errorProp(err, 'name');
  return name !== 'NoSuchBucket' && (name === 'NoSuchKey' || s3Status(err) === 404);
}
