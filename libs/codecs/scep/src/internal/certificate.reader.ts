import { X509Certificate, type KeyObject } from 'node:crypto';
import { type ScepErrorCode, scepFail } from '../scep.errors';
import type { CertificateInput, DistinguishedName, ScepLimits } from '../scep.types';
import { readDer, type DerNode } from './der.reader';
import { DerValues, UNIVERSAL } from './der-values.reader';
import { der } from './der.writer';
import { readName } from './name.reader';
import { OID } from './oids.constants';

/** A certificate with the parts CMS needs: exact issuer Name and serial (for IssuerAndSerialNumber), key, SKI. */
export interface ParsedCertificate {
  der: Buffer;
  x509: X509Certificate;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  /** INTEGER content octets of the serial number. */
  serial: Buffer;
  subjectKeyId: Buffer | undefined;
  publicKey: KeyObject;
}

/** DER bytes of a PEM block with the given label, or the input itself when it is already DER. */
export function pemOrDer(input: Uint8Array | string, label: string, code: ScepErrorCode): Buffer {
  if (typeof input !== 'string') return Buffer.from(input);
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*?)-----END ${label}-----`).exec(input);
  if (match?.[1] === undefined) return scepFail(code, `no PEM ${label} block found`);
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/** PEM text of DER bytes. */
export function toPem(bytes: Buffer, label: string): string {
  const lines = bytes.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function readCertificate(input: CertificateInput, code: ScepErrorCode, limits: ScepLimits, what = 'certificate'): ParsedCertificate {
  const bytes = pemOrDer(input, 'CERTIFICATE', code);
  let root: DerNode;
  try {
    root = readDer(bytes, limits, what);
  } catch (err) {
    return scepFail(code, `${what}: not a DER certificate`, err);
  }
  return certificateFromNode(root, code, what);
}

export function certificateFromNode(node: DerNode, code: ScepErrorCode, what = 'certificate'): ParsedCertificate {
  const v = new DerValues(code);
  const [tbsNode] = v.sequence(node, what, 3);
  const tbs = v.sequence(tbsNode, `${what}.tbsCertificate`, 6);
  let i = v.isContext(tbs[0], 0) ? 1 : 0;
  const serial = v.integerBytes(tbs[i++], `${what}.serialNumber`);
  i++; // signature AlgorithmIdentifier
  const issuer = readName(tbs[i++], v, `${what}.issuer`);
  i++; // validity
  const subject = readName(tbs[i++], v, `${what}.subject`);
  let x509: X509Certificate;
  let publicKey: KeyObject;
  try {
    x509 = new X509Certificate(node.raw);
    publicKey = x509.publicKey; // a lazy getter: an unreadable key throws here
  } catch (err) {
    return scepFail(code, `${what}: not a usable X.509 certificate`, err);
  }
  const extensions = tbs.find((n) => v.isContext(n, 3));
  return {
    der: node.raw,
    x509,
    issuer,
    subject,
    serial,
    subjectKeyId: extensions === undefined ? undefined : findSubjectKeyId(extensions, v, what),
    publicKey,
  };
}

function findSubjectKeyId(extensions: DerNode, v: DerValues, what: string): Buffer | undefined {
  for (const ext of v.sequence(v.explicit(extensions, 3, `${what}.extensions`), `${what}.extensions`)) {
    const parts = v.sequence(ext, `${what}.extension`, 2);
    if (v.oid(parts[0], `${what}.extension.id`) !== OID.subjectKeyIdentifier) continue;
    const value = v.octets(parts[parts.length - 1], `${what}.extension.value`);
    const inner = readDer(value, { maxBytes: value.length, maxDepth: 2 }, `${what}.subjectKeyIdentifier`);
    return v.universal(inner, UNIVERSAL.octetString, `${what}.subjectKeyIdentifier`).content;
  }
  return undefined;
}

/**
 * True when `child` names `parent` as issuer and its signature verifies with parent's key. Names are
 * compared as encoded or as OpenSSL compares them; parent's keyUsage is not required to allow
 * certificate signing (Apple's self-signed SCEP signer has digitalSignature only).
 */
export function isIssuedBy(child: ParsedCertificate, parent: ParsedCertificate): boolean {
  try {
    const named = child.issuer.der.equals(parent.subject.der) || child.x509.checkIssued(parent.x509);
    return named && child.x509.verify(parent.publicKey);
  } catch {
    return false;
  }
}

export function isSelfSigned(cert: ParsedCertificate): boolean {
  return isIssuedBy(cert, cert);
}

/** RFC 5652 IssuerAndSerialNumber of a certificate, DER. */
export function issuerAndSerialOf(cert: ParsedCertificate): Buffer {
  return der.sequence(cert.issuer.der, der.integer(cert.serial));
}
