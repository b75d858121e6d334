import forge from 'node-forge';

import { pushError } from './push.errors';
import type { NameAttribute } from './push.types';

/** The pieces of a certificate's TBSCertificate this codec reads (node:crypto gives the rest). */
export interface TbsParts {
  issuer: NameAttribute[];
  subject: NameAttribute[];
  notBefore: Date;
  notAfter: Date;
}

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

const { Class, Type } = forge.asn1;

function children(node: forge.asn1.Asn1 | undefined, what: string): forge.asn1.Asn1[] {
  if (node === undefined || !Array.isArray(node.value)) throw pushError('bad_certificate', `${what} is not a constructed ASN.1 value`);
  return node.value;
}

function bytesOf(node: forge.asn1.Asn1, what: string): string {
  if (typeof node.value !== 'string') throw pushError('bad_certificate', `${what} is not a primitive ASN.1 value`);
  return node.value;
}

function stringValue(node: forge.asn1.Asn1): string {
  const bytes = bytesOf(node, 'name attribute value');
  if (node.type === Type.BMPSTRING) {
    let text = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1));
    return text;
  }
  // UTF8String, and PrintableString / IA5String (ASCII subsets of UTF-8).
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function readName(node: forge.asn1.Asn1 | undefined, what: string): NameAttribute[] {
  const attributes: NameAttribute[] = [];
  for (const rdn of children(node, what)) {
    for (const atv of children(rdn, `${what} RDN`)) {
      const [oidNode, valueNode] = children(atv, `${what} attribute`);
      if (oidNode === undefined || valueNode === undefined || oidNode.type !== Type.OID) {
        throw pushError('bad_certificate', `${what} attribute is not (OID, value)`);
      }
      const oid = forge.asn1.derToOid(forge.util.createBuffer(bytesOf(oidNode, `${what} OID`)));
      attributes.push({ oid, name: SHORT_NAMES[oid] ?? oid, value: stringValue(valueNode) });
    }
  }
  return attributes;
}

function readTime(node: forge.asn1.Asn1 | undefined, what: string): Date {
  if (node === undefined) throw pushError('bad_certificate', `${what} is missing`);
  const text = bytesOf(node, what);
  const date =
    node.type === Type.UTCTIME ? forge.asn1.utcTimeToDate(text)
    : node.type === Type.GENERALIZEDTIME ? forge.asn1.generalizedTimeToDate(text)
    : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw pushError('bad_certificate', `${what} is not a valid time`);
  return date;
}

/** Reads issuer, subject and validity from a DER certificate ('bad_certificate' on any mismatch). */
export function readTbsParts(der: Uint8Array): TbsParts {
  let cert: forge.asn1.Asn1;
  try {
    cert = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString('latin1')), true);
  } catch (cause) {
    throw pushError('bad_certificate', 'certificate is not well-formed DER', cause);
  }
  const tbs = children(children(cert, 'certificate')[0], 'tbsCertificate');
  const versioned = tbs[0]?.tagClass === Class.CONTEXT_SPECIFIC && tbs[0].type === 0;
  const at = (i: number): forge.asn1.Asn1 | undefined => tbs[versioned ? i + 1 : i];
  const [notBefore, notAfter] = children(at(3), 'validity');
  return {
    issuer: readName(at(2), 'issuer'),
    subject: readName(at(4), 'subject'),
    notBefore: readTime(notBefore, 'notBefore'),
    notAfter: readTime(notAfter, 'notAfter'),
  };
}

/** `UID=…, CN=…, C=US`: attributes in certificate order, as OpenSSL short names, unescaped. */
export function formatName(attributes: readonly NameAttribute[]): string {
  return attributes.map((a) => `${a.name}=${a.value}`).join(', ');
}
