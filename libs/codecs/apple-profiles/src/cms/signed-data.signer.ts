import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { AppleProfilesError } from '../apple-profiles.errors';
import { certificateIds, toX509, type CertificateInput } from './certificate.helpers';
import { ECDSA_OID_BY_DIGEST, OID, OID_BY_DIGEST, type DigestName } from './cms.oids';
import { der, parseDer, toDer, type Asn1 } from './der.helpers';

/** Who signs: the certificate, its private key, and any intermediates to carry along. */
export interface SignerIdentity {
  certificate: CertificateInput;
  /** A KeyObject, or PEM/DER PKCS#8 / PKCS#1 / SEC1 bytes (unencrypted). */
  privateKey: KeyObject | string | Buffer;
  chain?: CertificateInput[];
}

/** Options for {@link signData}. */
export interface SignDataOptions {
  /** Digest for content and signature (default sha256). */
  digest?: DigestName;
  /** Leave the content out of the SignedData (the Mdm-Signature form). */
  detached?: boolean;
}

/**
 * Builds a CMS SignedData (DER) over `content` with one signer: signed attributes contentType
 * (data), signingTime (`now`) and messageDigest; the signer certificate and chain included.
 * RSA keys sign PKCS#1 v1.5, EC keys ECDSA. Errors: `invalid_input` (certificate), `invalid_key`
 * (unusable key, or one that is not the certificate's).
 */
export function signData(content: Buffer, signer: SignerIdentity, now: Date, options: SignDataOptions = {}): Buffer {
  const digest = options.digest ?? 'sha256';
  if (Number.isNaN(now.getTime())) throw new AppleProfilesError('invalid_input', 'now is not a valid date');
  const cert = toX509(signer.certificate, 'signer certificate');
  const key = privateKeyOf(signer.privateKey);
  if (!cert.checkPrivateKey(key)) throw new AppleProfilesError('invalid_key', 'the private key does not belong to the signer certificate');
  const signatureAlgorithm = signatureAlgorithmOf(key, digest);
  const ids = certificateIds(cert.raw);
  const digestAlgorithm = der.seq([der.oid(OID_BY_DIGEST[digest])]);
  const attributes = sortedSet([
    attribute(OID.contentType, der.oid(OID.data)),
    attribute(OID.signingTime, der.time(now)),
    attribute(OID.messageDigest, der.octets(createHash(digest).update(content).digest())),
  ]);
  const signature = sign(digest, toDer(der.set(attributes)), key);
  const signerInfo = der.seq([
    der.int(1),
    der.seq([ids.issuer, ids.serial]),
    digestAlgorithm,
    der.context(0, attributes),
    signatureAlgorithm,
    der.octets(signature),
  ]);
  const certificates = uniqueCertificates([cert.raw, ...(signer.chain ?? []).map((c, i) => toX509(c, `chain certificate ${i}`).raw)]);
  const encapContent = options.detached
    ? der.seq([der.oid(OID.data)])
    : der.seq([der.oid(OID.data), der.context(0, [der.octets(content)])]);
  const signedData = der.seq([
    der.int(1),
    der.set([digestAlgorithm]),
    encapContent,
    der.context(0, certificates.map((c) => parseDer(c, 'certificate'))),
    der.set([signerInfo]),
  ]);
  return toDer(der.seq([der.oid(OID.signedData), der.context(0, [signedData])]));
}

function privateKeyOf(input: KeyObject | string | Buffer): KeyObject {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    if (input.type !== 'private') throw new AppleProfilesError('invalid_key', 'the signer key is not a private key');
    return input;
  }
  try {
    return createPrivateKey(Buffer.isBuffer(input) && input[0] === 0x30 ? { key: input, format: 'der', type: 'pkcs8' } : input);
  } catch (err) {
    throw new AppleProfilesError('invalid_key', 'the signer private key cannot be read', { cause: err });
  }
}

function signatureAlgorithmOf(key: KeyObject, digest: DigestName): Asn1 {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return der.seq([der.oid(OID.rsaEncryption), der.nul()]);
    case 'ec':
      return der.seq([der.oid(ECDSA_OID_BY_DIGEST[digest])]);
    default:
      throw new AppleProfilesError('invalid_key', `cannot sign CMS with a ${key.asymmetricKeyType ?? 'unknown'} key`);
  }
}

function attribute(type: string, value: Asn1): Asn1 {
  return der.seq([der.oid(type), der.set([value])]);
}

/** DER `SET OF` order: by the encodings, compared as octet strings. */
function sortedSet(items: Asn1[]): Asn1[] {
  return items.map((node) => ({ node, bytes: toDer(node) })).sort((a, b) => Buffer.compare(a.bytes, b.bytes)).map((x) => x.node);
}

function uniqueCertificates(ders: Buffer[]): Buffer[] {
  return ders.filter((d, i) => ders.findIndex((other) => other.equals(d)) === i);
}
