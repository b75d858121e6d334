import type { X509Certificate } from 'node:crypto';
import { AppleProfilesError } from '../apple-profiles.errors';
import type { DigestName } from '../cms/cms.oids';
import { verifySignedData } from '../cms/signed-data.verifier';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Far above any real header (a SignedData with one 4096-bit RSA cert is ~2 KB of base64). */
const MAX_HEADER_CHARS = 64 * 1024;

/** Options for {@link verifyMdmSignature}. */
export interface MdmSignatureOptions {
  /** When given, the signer certificate must be valid at this instant. */
  now?: Date;
  /** Accept SHA-1 digests (default true). */
  allowSha1?: boolean;
}

/** A verified `Mdm-Signature`: the device identity that signed the body. */
export interface MdmSignature {
  /** The signer (device identity) certificate; match it against the enrollment, check its chain. */
  certificate: X509Certificate;
  /** Every certificate the SignedData carried. */
  certificates: X509Certificate[];
  digest: DigestName;
  signingTime?: Date;
}

/**
 * Verifies the `Mdm-Signature` header: base64 of a detached CMS SignedData over the exact
 * request body bytes, with exactly one signer whose certificate is carried along. Errors:
 * `bad_base64` (not base64, empty, or too long), `malformed_cms`, `signer_count`,
 * `signer_cert_missing`, `unsupported_algorithm`, `bad_signature` (the body was altered),
 * `signer_mismatch` (the signature is not by that certificate's key), `signer_cert_not_valid`.
 */
export function verifyMdmSignature(header: string, body: Uint8Array, options: MdmSignatureOptions = {}): MdmSignature {
  const compact = header.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length > MAX_HEADER_CHARS || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new AppleProfilesError('bad_base64', 'the Mdm-Signature header is not base64');
  }
  const content = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.length);
  const verified = verifySignedData(Buffer.from(compact, 'base64'), { detachedContent: content, ...options });
  return {
    certificate: verified.signer,
    certificates: verified.certificates,
    digest: verified.digest,
    ...(verified.signingTime ? { signingTime: verified.signingTime } : {}),
  };
}
