import { scepFail } from './scep.errors';
import type { CertificateInput, ScepHttpBody, ScepLimits } from './scep.types';
import { readCertificate } from './internal/certificate.reader';
import { readDer, resolveLimits } from './internal/der.reader';
import { DerValues } from './internal/der-values.reader';
import { OID } from './internal/oids.constants';
import { readSignedData } from './internal/signed-data.reader';
import { writeDegenerateSignedData } from './internal/signed-data.writer';

/** Content type of a GetCACert reply holding one DER certificate. */
export const CA_CERT_CONTENT_TYPE = 'application/x-x509-ca-cert';
/** Content type of a GetCACert reply holding a degenerate PKCS#7 (RA and CA certificates). */
export const CA_RA_CERT_CONTENT_TYPE = 'application/x-x509-ca-ra-cert';

/**
 * GetCACert response: a single certificate as DER (application/x-x509-ca-cert), or several as a
 * degenerate certificates-only PKCS#7 (application/x-x509-ca-ra-cert), in the order given (RA first).
 */
export function encodeGetCACert(certs: readonly CertificateInput[], options: { limits?: Partial<ScepLimits> } = {}): ScepHttpBody {
  const limits = resolveLimits(options.limits);
  const parsed = certs.map((c) => readCertificate(c, 'invalid_input', limits, 'CA certificate'));
  const [first] = parsed;
  if (first === undefined) return scepFail('invalid_input', 'GetCACert needs at least one certificate');
  if (parsed.length === 1) return { contentType: CA_CERT_CONTENT_TYPE, body: Buffer.from(first.der) };
  return { contentType: CA_RA_CERT_CONTENT_TYPE, body: writeDegenerateSignedData(parsed.map((c) => c.der)) };
}

/** Reads a GetCACert response of either kind (told apart by content, not by the content type). */
export function decodeGetCACert(body: Uint8Array, options: { limits?: Partial<ScepLimits> } = {}): Buffer[] {
  const limits = resolveLimits(options.limits);
  const root = readDer(body, limits, 'GetCACert response');
  const v = new DerValues('not_pkcs7');
  const [first] = v.sequence(root, 'GetCACert response', 1);
  if (v.isUniversal(first, 6) && v.oid(first, 'contentType') === OID.signedData) {
    const certs = readSignedData(body, limits, 'GetCACert response').certificates;
    if (certs.length === 0) scepFail('no_certificate', 'GetCACert response carries no certificate');
    return certs.map((c) => Buffer.from(c.der));
  }
  return [Buffer.from(readCertificate(body, 'not_pkcs7', limits, 'GetCACert response').der)];
}
