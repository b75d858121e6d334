import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import forge from 'node-forge';
import { windowsMdmError } from '../windows-mdm.errors';
import type { CsrExtension, CsrSubjectAttribute, WindowsCsr } from './windows-csr.types';

/** Signature algorithms accepted on a CSR: RSA PKCS#1 v1.5 with SHA-1 (Windows' default) or SHA-2. */
const SUPPORTED_SIGNATURE_OIDS: ReadonlySet<string> = new Set([
  '1.2.840.113549.1.1.5', // sha1WithRSAEncryption
  '1.3.14.3.2.29', // sha1WithRSASignature (OIW) — what Windows 10 sends
  '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12', // sha384WithRSAEncryption
  '1.2.840.113549.1.1.13', // sha512WithRSAEncryption
]);

interface FromDerOptions {
  readonly strict: boolean;
  readonly parseAllBytes: boolean;
  readonly decodeBitStrings: boolean;
  readonly maxDepth: number;
}
/** node-forge accepts an options object; its type definitions only declare the boolean form. */
const fromDer = forge.asn1.fromDer as unknown as (bytes: string, options: FromDerOptions) => forge.asn1.Asn1;

/**
 * Parses a PKCS#10 CSR tolerantly (any character in subject strings, as Windows sends `!` and NUL
 * in a PrintableString) and verifies its self-signature. Throws `bad_csr`, `unsupported_csr_algorithm`
 * or `bad_csr_signature`.
 */
export function parseWindowsCsr(der: Uint8Array, maxDepth: number = DEFAULT_LIMITS.maxDepth): WindowsCsr {
  let csr: forge.pki.CertificateSigningRequest;
  try {
    const asn = fromDer(Buffer.from(der).toString('binary'), {
      strict: true,
      parseAllBytes: true,
      decodeBitStrings: true,
      maxDepth,
    });
    csr = forge.pki.certificationRequestFromAsn1(asn, false);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/not RSA/i.test(message)) throw windowsMdmError('unsupported_csr_algorithm', 'CSR key is not RSA', err);
    throw windowsMdmError('bad_csr', `not a PKCS#10 request: ${message}`, err);
  }
  const signatureOid = csr.signatureOid ?? '';
  if (!SUPPORTED_SIGNATURE_OIDS.has(signatureOid)) {
    throw windowsMdmError('unsupported_csr_algorithm', `CSR signature algorithm ${signatureOid} is not supported`);
  }
  const publicKey = csr.publicKey as forge.pki.rsa.PublicKey | null;
  if (!publicKey || !('n' in publicKey)) throw windowsMdmError('unsupported_csr_algorithm', 'CSR key is not RSA');

  // forge verifies over its DER re-encoding of the parsed CertificationRequestInfo: a request that
  // was not DER-encoded fails here, which is the safe direction.
  let verified = false;
  try {
    verified = csr.verify();
  } catch (err) {
    throw windowsMdmError('bad_csr_signature', 'CSR self-signature does not verify', err);
  }
  if (!verified) throw windowsMdmError('bad_csr_signature', 'CSR self-signature does not verify');

  const subject = csr.subject.attributes.map(toSubjectAttribute);
  return {
    der: new Uint8Array(der),
    subject,
    commonName: subject.find((a) => a.oid === '2.5.4.3')?.value,
    publicKey: {
      algorithm: 'rsa',
      bits: publicKey.n.bitLength(),
      spkiDer: binaryToBytes(forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes()),
    },
    signatureAlgorithmOid: signatureOid,
    extensions: readExtensions(csr),
  };
}

function toSubjectAttribute(field: forge.pki.CertificateField): CsrSubjectAttribute {
  const value: unknown = field.value;
  return {
    oid: field.type ?? '',
    shortName: field.shortName,
    // forge keeps string values as raw binary strings; decode them as UTF-8 without rejecting anything.
    value: typeof value === 'string' ? Buffer.from(value, 'binary').toString('utf8') : '',
  };
}

function readExtensions(csr: forge.pki.CertificateSigningRequest): CsrExtension[] {
  const request: unknown = csr.getAttribute({ name: 'extensionRequest' })?.extensions;
  if (!Array.isArray(request)) return [];
  const out: CsrExtension[] = [];
  for (const ext of request as unknown[]) {
    if (typeof ext !== 'object' || ext === null) continue;
    const { id, critical, value } = ext as { id?: unknown; critical?: unknown; value?: unknown };
    if (typeof id !== 'string') continue;
    const bytes = typeof value === 'string' ? binaryToBytes(value) : new Uint8Array();
    out.push({ oid: id, critical: critical === true, value: bytes });
  }
  return out;
}

function binaryToBytes(binary: string): Uint8Array {
  return new Uint8Array(Buffer.from(binary, 'binary'));
}
