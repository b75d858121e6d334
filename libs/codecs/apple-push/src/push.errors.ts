import { CodecError, isCodecError } from '@flotilla/codec-core';

/** Name carried by every CodecError this codec throws. */
export const PUSH_CODEC = 'apple-push';

/** Every way a push certificate, key or push request can be refused. */
export type PushErrorCode =
  /** The PEM text is longer than the limit. */
  | 'too_large'
  /** No `-----BEGIN CERTIFICATE-----` block, or its body is not base64. */
  | 'not_pem'
  /** A PEM certificate block whose DER is not an X.509 certificate. */
  | 'bad_certificate'
  /** The certificate subject has no UID attribute (0.9.2342.19200300.100.1.1): not an MDM push certificate. */
  | 'missing_topic'
  /** The UID (topic) does not start with `com.apple.mgmt.`. */
  | 'bad_topic'
  /** The private key PEM cannot be read (garbage, not a key, or encrypted). */
  | 'bad_key'
  /** An encoder argument is unusable (empty PushMagic, bad token, priority or expiration). */
  | 'invalid_input';

/** A CodecError raised by this codec. */
export type PushCodecError = CodecError<PushErrorCode>;

/** Builds the CodecError for `code`. */
export function pushError(code: PushErrorCode, message: string, cause?: unknown): PushCodecError {
  return new CodecError<PushErrorCode>(PUSH_CODEC, code, message, cause === undefined ? undefined : { cause });
}

/** True for errors thrown by this codec (optionally with one of `codes`). */
export function isPushCodecError(err: unknown, ...codes: PushErrorCode[]): err is PushCodecError {
  return isCodecError(err) && err.codec === PUSH_CODEC && (codes.length === 0 || codes.includes(err.code as PushErrorCode));
}
