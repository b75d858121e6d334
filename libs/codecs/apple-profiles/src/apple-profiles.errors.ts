import { CodecError } from '@flotilla/codec-core';
import type { PlistErrorCode } from '@flotilla/codec-apple-mdm';

/** Codec name carried by every {@link AppleProfilesError}. */
export const APPLE_PROFILES_CODEC = 'apple-profiles';

/** Every code the Apple profiles codec throws. */
export type AppleProfilesErrorCode =
  /** Reading or writing the profile plist. */
  | PlistErrorCode
  | 'missing_field'
  | 'invalid_field'
  /** A parsed profile whose PayloadType is not `Configuration`. */
  | 'not_configuration_profile'
  /** A profile with `EncryptedPayloadContent` (not supported). */
  | 'encrypted_profile'
  /** A builder or signer input that would make an invalid profile. */
  | 'invalid_input'
  /** A signer private key that is unusable or does not match the certificate. */
  | 'invalid_key'
  /** An `Mdm-Signature` header that is not base64. */
  | 'bad_base64'
  /** Bytes that are not a CMS ContentInfo holding SignedData. */
  | 'malformed_cms'
  /** A digest or signature algorithm this codec refuses (MD5, PSS, …). */
  | 'unsupported_algorithm'
  /** Not exactly one SignerInfo. */
  | 'signer_count'
  /** No certificate matches the SignerInfo's issuer and serial (or key id). */
  | 'signer_cert_missing'
  /** The signature does not verify with the signer certificate's key (wrong cert, forged attributes). */
  | 'signer_mismatch'
  /** The content does not match what was signed (tampered content or body). */
  | 'bad_signature'
  /** Neither attached nor detached content to verify. */
  | 'missing_content'
  /** The signer certificate is outside its validity period at `now`. */
  | 'signer_cert_not_valid';

/** The one error the Apple profiles codec throws: a {@link CodecError} with a closed code union. */
export class AppleProfilesError extends CodecError<AppleProfilesErrorCode> {
  constructor(code: AppleProfilesErrorCode, message: string, options?: { cause?: unknown }) {
    super(APPLE_PROFILES_CODEC, code, message, options);
    this.name = 'AppleProfilesError';
  }
}
