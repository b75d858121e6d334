import { CodecError, isCodecError } from '@flotilla/codec-core';

/** Name carried by every CodecError this codec throws. */
export const OSQUERY_CODEC = 'osquery';

/**
 * Every way an osquery message can be refused. Transports map these once:
 * `missing_node_key` → 401 `node_invalid`; `missing_enroll_secret` → 401 enroll failure;
 * `too_large` → 413; everything else about a request body → 400.
 */
export type OsqueryErrorCode =
  | 'bad_gzip'
  | 'unsupported_encoding'
  | 'too_large'
  | 'not_json'
  | 'invalid_body'
  | 'missing_enroll_secret'
  | 'missing_node_key'
  | 'invalid_log_type'
  | 'invalid_line'
  | 'missing_field'
  | 'invalid_detail_row';

/** A CodecError raised by this codec. */
export type OsqueryCodecError = CodecError<OsqueryErrorCode>;

/** Builds the CodecError for `code`; the message should name the offending field. */
export function osqueryError(code: OsqueryErrorCode, message: string, cause?: unknown): OsqueryCodecError {
  return new CodecError<OsqueryErrorCode>(OSQUERY_CODEC, code, message, cause === undefined ? undefined : { cause });
}

/** True for errors thrown by this codec (optionally with one of `codes`). */
export function isOsqueryCodecError(err: unknown, ...codes: OsqueryErrorCode[]): err is OsqueryCodecError {
  return isCodecError(err) && err.codec === OSQUERY_CODEC && (codes.length === 0 || codes.includes(err.code as OsqueryErrorCode));
}
