import { CodecError, isCodecError } from '@flotilla/codec-core';

/** Name carried by every CodecError this codec throws. */
export const DEP_CODEC = 'apple-dep';

/**
 * Every way a DEP/ABM message can be refused. A service maps them once: a response that fails to
 * decode is an upstream (Apple) failure, a request that fails to encode is a caller bug.
 */
export type DepErrorCode =
  /** The response body is longer than the limit. */
  | 'too_large'
  /** The response body is not UTF-8 JSON. */
  | 'not_json'
  /** JSON, but not the expected shape: not an object, or a field of the wrong type / format. */
  | 'invalid_response'
  /** A field this codec requires is absent (or null). */
  | 'missing_field'
  /** An encoder argument is unusable (empty cursor, limit out of range, no devices…). */
  | 'invalid_request';

/** A CodecError raised by this codec. */
export type DepCodecError = CodecError<DepErrorCode>;

/** Builds the CodecError for `code`; the message names the offending field. */
export function depError(code: DepErrorCode, message: string, cause?: unknown): DepCodecError {
  return new CodecError<DepErrorCode>(DEP_CODEC, code, message, cause === undefined ? undefined : { cause });
}

/** True for errors thrown by this codec (optionally with one of `codes`). */
export function isDepCodecError(err: unknown, ...codes: DepErrorCode[]): err is DepCodecError {
  return isCodecError(err) && err.codec === DEP_CODEC && (codes.length === 0 || codes.includes(err.code as DepErrorCode));
}
