import { createHash, timingSafeEqual, verify, type X509Certificate } from 'node:crypto';
import { AppleProfilesError } from '../apple-profiles.errors';
import { certificateIds, derOf, isValidAt, toX509 } from './certificate.helpers';
import { DIGEST_BY_OID, SIGNATURE_BY_OID, type DigestName } from './cms.oids';
import { parseSignedData, type ParsedSignerInfo, type SignerId } from './signed-data.parser';

/** Options for {@link verifySignedData}. */
export interface VerifySignedDataOptions {
  /** The content of a detached signature (used instead of any attached content). */
  detachedContent?: Buffer;
  /** Certificates to search for the signer besides those in the SignedData (e.g. an NDES RA cert). */
  extraCertificates?: X509Certificate[];
  /** When given, the signer certificate must be valid at this instant. */
  now?: Date;
  /** Accept SHA-1 digests (default true: older Apple clients sign with SHA-1). MD5 is never accepted. */
  allowSha1?: boolean;
}

/** A verified SignedData: the content, its signer and what came with it. */
export interface VerifiedSignedData {
  content: Buffer;
  /** The certificate whose key verified the signature (chain trust is the caller's business). */
  signer: X509Certificate;
  /** Every certificate carried in the SignedData. */
  certificates: X509Certificate[];
  contentType: string;
  digest: DigestName;
  signingTime?: Date;
  detached: boolean;
}

/**
 * Verifies a CMS SignedData with exactly one signer (RFC 5652 §5.4/5.6): the content digest must
 * equal the messageDigest attribute (`bad_signature` if not), and the signature over the signed
 * attributes must verify with the signer certificate's key (`signer_mismatch` if not). It does
 * not check the certificate chain.
 */
export function verifySignedData(der: Buffer, options: VerifySignedDataOptions = {}): VerifiedSignedData {
  const parsed = parseSignedData(der);
  const content = options.detachedContent ?? parsed.content;
  if (content === undefined) throw new AppleProfilesError('missing_content', 'SignedData has no content and none was supplied');
  if (parsed.signerInfos.length !== 1) {
    throw new AppleProfilesError('signer_count', `expected exactly one signer, found ${parsed.signerInfos.length}`);
  }
  const info = parsed.signerInfos[0] as ParsedSignerInfo;
  const digest = digestOf(info, options.allowSha1 ?? true);
  const signatureAlg = SIGNATURE_BY_OID[info.signatureAlgorithm];
  if (!signatureAlg) throw new AppleProfilesError('unsupported_algorithm', `signature algorithm ${info.signatureAlgorithm}`);
  const certificates = parsed.certificates.map((c, i) => toX509(c, `certificate ${i}`, 'malformed_cms'));
  const signer = findSigner(info.sid, [...certificates, ...(options.extraCertificates ?? [])]);
  if (signer.publicKey.asymmetricKeyType !== signatureAlg.key) {
    throw new AppleProfilesError('signer_mismatch', `a ${signatureAlg.key} signature cannot come from this ${signer.publicKey.asymmetricKeyType} key`);
  }
  const hash = signatureAlg.digest ?? digest;
  const attrs = info.signedAttrs;
  if (attrs) {
    if (!attrs.messageDigest || !attrs.contentType) throw new AppleProfilesError('malformed_cms', 'signed attributes lack messageDigest or contentType');
    if (attrs.contentType !== parsed.contentType) throw new AppleProfilesError('bad_signature', 'signed contentType differs from eContentType');
    const actual = createHash(digest).update(content).digest();
    if (actual.length !== attrs.messageDigest.length || !timingSafeEqual(actual, attrs.messageDigest)) {
      throw new AppleProfilesError('bad_signature', 'the content does not match the signed message digest');
    }
    if (!signatureVerifies(hash, attrs.der, signer, info.signature)) {
      throw new AppleProfilesError('signer_mismatch', 'the signature does not verify with the signer certificate');
    }
  } else if (!signatureVerifies(hash, content, signer, info.signature)) {
    throw new AppleProfilesError('bad_signature', 'the signature over the content does not verify');
  }
  if (options.now && !isValidAt(signer, options.now)) {
    throw new AppleProfilesError('signer_cert_not_valid', `the signer certificate is not valid at ${options.now.toISOString()}`);
  }
  return {
    content,
    signer,
    certificates,
    contentType: parsed.contentType,
    digest,
    ...(attrs?.signingTime ? { signingTime: attrs.signingTime } : {}),
    detached: options.detachedContent !== undefined,
  };
}

function digestOf(info: ParsedSignerInfo, allowSha1: boolean): DigestName {
  const digest = DIGEST_BY_OID[info.digestAlgorithm];
  if (!digest || (digest === 'sha1' && !allowSha1)) {
    throw new AppleProfilesError('unsupported_algorithm', `digest algorithm ${info.digestAlgorithm}`);
  }
  return digest;
}

function findSigner(sid: SignerId, certificates: X509Certificate[]): X509Certificate {
  const match = certificates.find((cert) => {
    const ids = certificateIds(cert.raw);
    if ('subjectKeyId' in sid) return ids.subjectKeyId?.equals(sid.subjectKeyId) ?? false;
    return derOf(ids.issuer).equals(sid.issuerDer) && derOf(ids.serial).equals(sid.serialDer);
  });
  if (!match) throw new AppleProfilesError('signer_cert_missing', 'no certificate matches the SignerInfo');
  return match;
}

function signatureVerifies(hash: DigestName, data: Buffer, signer: X509Certificate, signature: Buffer): boolean {
  try {
    return verify(hash, data, signer.publicKey, signature);
  } catch {
    return false;
  }
}
