import { X509Certificate } from 'node:crypto';
import { AppleProfilesError, type AppleProfilesErrorCode } from '../apple-profiles.errors';
import { OID } from './cms.oids';
import { bytesOf, childrenOf, isContext, oidOf, parseDer, sequenceOf, toDer, type Asn1 } from './der.helpers';

/** A certificate as PEM text, PEM or DER bytes, or a parsed `X509Certificate`. */
export type CertificateInput = X509Certificate | string | Buffer;

/** Parses a certificate input; failures throw `code` (the caller's view of whose fault it is). */
export function toX509(input: CertificateInput, what: string, code: AppleProfilesErrorCode = 'invalid_input'): X509Certificate {
  if (input instanceof X509Certificate) return input;
  try {
    return new X509Certificate(input);
  } catch (err) {
    throw new AppleProfilesError(code, `${what} is not an X.509 certificate`, { cause: err });
  }
}

/** The TBSCertificate fields CMS needs: issuer Name node, serial INTEGER node, subject key id. */
export interface CertificateIds {
  issuer: Asn1;
  serial: Asn1;
  subjectKeyId?: Buffer;
}

/** Reads issuer, serial and the subjectKeyIdentifier extension from a certificate's DER. */
export function certificateIds(certDer: Buffer): CertificateIds {
  const [tbs] = sequenceOf(parseDer(certDer, 'certificate'), 'certificate');
  const fields = sequenceOf(tbs, 'tbsCertificate');
  const start = isContext(fields[0], 0) ? 1 : 0; // [0] EXPLICIT version
  const serial = fields[start];
  const issuer = fields[start + 2];
  if (!serial || !issuer) throw new AppleProfilesError('malformed_cms', 'certificate lacks issuer or serial');
  const extensions = fields.find((f) => isContext(f, 3));
  return { issuer, serial, subjectKeyId: extensions ? subjectKeyId(extensions) : undefined };
}

function subjectKeyId(extensions: Asn1): Buffer | undefined {
  for (const ext of sequenceOf(childrenOf(extensions, 'extensions')[0], 'extensions')) {
    const parts = sequenceOf(ext, 'extension');
    if (oidOf(parts[0], 'extension id') !== OID.subjectKeyIdentifier) continue;
    const value = parseDer(bytesOf(parts[parts.length - 1], 'extension value'), 'subjectKeyIdentifier');
    return bytesOf(value, 'subjectKeyIdentifier');
  }
  return undefined;
}

/** DER of an ASN.1 node, for byte-wise comparison of names and serials. */
export function derOf(node: Asn1): Buffer {
  return toDer(node);
}

/** True when `now` lies within the certificate's validity period. */
export function isValidAt(cert: X509Certificate, now: Date): boolean {
  const t = now.getTime();
  return new Date(cert.validFrom).getTime() <= t && t <= new Date(cert.validTo).getTime();
}
