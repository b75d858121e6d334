import { AppleProfilesError } from '../apple-profiles.errors';
import { OID } from '../cms/cms.oids';
import { signData, type SignerIdentity } from '../cms/signed-data.signer';
import { verifySignedData, type VerifiedSignedData, type VerifySignedDataOptions } from '../cms/signed-data.verifier';
import type { DigestName } from '../cms/cms.oids';

/**
 * Signs a profile as CMS SignedData with the profile attached (what InstallProfile's `Payload`
 * and a signed `.mobileconfig` hold): signing time from `now`, the signer cert and chain included.
 */
export function signProfile(profile: Buffer, signer: SignerIdentity, now: Date, options: { digest?: DigestName } = {}): Buffer {
  return signData(profile, signer, now, { digest: options.digest ?? 'sha256' });
}

/**
 * Verifies a signed profile and returns its content and signer. The content must be attached
 * and of type id-data. Errors: `malformed_cms`, `missing_content`, `signer_count`,
 * `signer_cert_missing`, `unsupported_algorithm`, `bad_signature` (tampered content),
 * `signer_mismatch`, `signer_cert_not_valid` (with `now`).
 */
export function verifySignedProfile(der: Buffer, options: Omit<VerifySignedDataOptions, 'detachedContent'> = {}): VerifiedSignedData {
  const verified = verifySignedData(der, { ...options, detachedContent: undefined });
  if (verified.contentType !== OID.data) throw new AppleProfilesError('malformed_cms', 'a signed profile must hold id-data content');
  return verified;
}
