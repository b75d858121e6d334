import { CodecError } from '@flotilla/codec-core';

/** Codec name carried by every {@link AppleMdmError}. */
export const APPLE_MDM_CODEC = 'apple-mdm';

/** Failures of the plist layer (shared by every Apple codec that reads or writes plists). */
export const PLIST_ERROR_CODES = [
  'too_large',
  'too_deep',
  'malformed_plist',
  'entity_not_allowed',
  'data_too_large',
  'binary_not_allowed',
  'not_a_dict',
  'invalid_value',
] as const;

/** A plist-layer error code. */
export type PlistErrorCode = (typeof PLIST_ERROR_CODES)[number];

/** True for the codes the plist layer throws (which other Apple codecs re-throw as their own). */
export function isPlistErrorCode(code: string): code is PlistErrorCode {
  return (PLIST_ERROR_CODES as readonly string[]).includes(code);
}

/** Every code the Apple MDM codec throws. */
export type AppleMdmErrorCode =
  | PlistErrorCode
  | 'unknown_message_type'
  | 'unknown_status'
  | 'missing_field'
  | 'invalid_field'
  | 'invalid_command';

/** The one error the Apple MDM codec throws: a {@link CodecError} with a closed code union. */
export class AppleMdmError extends CodecError<AppleMdmErrorCode> {
  constructor(code: AppleMdmErrorCode, message: string, options?: { cause?: unknown }) {
    super(APPLE_MDM_CODEC, code, message, options);
    this.name = 'AppleMdmError';
  }
}
