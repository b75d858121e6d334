import { ScepError, scepFail } from '../scep.errors';
import type { DigestAlgorithm, RawAttribute, ScepLimits } from '../scep.types';
import { certificateFromNode, type ParsedCertificate } from './certificate.reader';
import { digest, digestFromOid, verifySignature } from './cms.crypto';
import { readDer, type DerNode } from './der.reader';
import { DerValues } from './der-values.reader';
import { OID } from './oids.constants';

/** One SignerInfo, parsed but not yet verified. */
export interface ParsedSignerInfo {
  issuerAndSerial?: { issuerDer: Buffer; serial: Buffer };
  subjectKeyId?: Buffer;
  digestAlgorithm: DigestAlgorithm;
  /** The [0] IMPLICIT signedAttrs element as encoded, absent when there are none. */
  signedAttrsRaw?: Buffer;
  attributes: Array<{ oid: string; values: readonly DerNode[] }>;
  signatureAlgorithmOid: string;
  signature: Buffer;
}

/** A CMS SignedData, parsed. */
export interface ParsedSignedData {
  contentType: string;
  /** eContent, absent for detached or empty content. */
  content?: Buffer;
  certificates: ParsedCertificate[];
  signerInfos: ParsedSignerInfo[];
}

const v = new DerValues('not_pkcs7');

/** Reads ContentInfo{signedData}. Well-formed ASN.1 of another shape fails with `not_pkcs7`. */
export function readSignedData(input: Uint8Array, limits: ScepLimits, what: string): ParsedSignedData {
  const root = readDer(input, limits, what);
  const [typeNode, contentNode] = v.sequence(root, `${what} ContentInfo`, 2);
  const type = v.oid(typeNode, `${what} contentType`);
  if (type !== OID.signedData) scepFail('not_pkcs7', `${what} is a CMS ${type}, not signedData`);
  const fields = v.sequence(v.explicit(contentNode, 0, `${what} content`), `${what} SignedData`, 4);
  const [, , encap] = fields;
  const [eTypeNode, eContentNode] = v.sequence(encap, `${what} encapContentInfo`, 1);
  const contentType = v.oid(eTypeNode, `${what} eContentType`);
  const content = eContentNode === undefined ? undefined : v.octets(v.explicit(eContentNode, 0, `${what} eContent`), `${what} eContent`);
  const rest = fields.slice(3);
  const certificates: ParsedCertificate[] = [];
  for (const node of rest) {
    if (!v.isContext(node, 0)) continue;
    for (const choice of node.children) {
      // CertificateChoices: only plain certificates (a SEQUENCE) are of use here. One that cannot be
      // read (an unknown key type, say) is skipped: if it was the signer, the lookup fails instead.
      if (!v.isUniversal(choice, 16)) continue;
      try {
        certificates.push(certificateFromNode(choice, 'malformed_der', `${what} certificate`));
      } catch (err) {
        if (!(err instanceof ScepError)) throw err;
      }
    }
  }
  const signerInfosNode = rest[rest.length - 1];
  const signerInfos = v.set(signerInfosNode, `${what} signerInfos`).map((si, i) => readSignerInfo(si, `${what} signerInfo[${i}]`));
  return content === undefined ? { contentType, certificates, signerInfos } : { contentType, content, certificates, signerInfos };
}

function readSignerInfo(node: DerNode, what: string): ParsedSignerInfo {
  const fields = v.sequence(node, what, 5);
  const sidNode = fields[1];
  const digestAlgorithm = digestFromOid(v.algorithm(fields[2], `${what}.digestAlgorithm`).oid);
  let i = 3;
  let signedAttrsRaw: Buffer | undefined;
  const attributes: ParsedSignerInfo['attributes'] = [];
  if (v.isContext(fields[i], 0)) {
    const attrsNode = fields[i++] as DerNode;
    signedAttrsRaw = attrsNode.raw;
    for (const attr of attrsNode.children) {
      const [oidNode, valuesNode] = v.sequence(attr, `${what} attribute`, 2);
      attributes.push({ oid: v.oid(oidNode, `${what} attribute type`), values: v.set(valuesNode, `${what} attribute values`) });
    }
  }
  const signatureAlgorithmOid = v.algorithm(fields[i++], `${what}.signatureAlgorithm`).oid;
  const signature = v.octets(fields[i], `${what}.signature`);
  const base = { digestAlgorithm, attributes, signatureAlgorithmOid, signature, ...(signedAttrsRaw ? { signedAttrsRaw } : {}) };
  if (v.isContext(sidNode, 0)) return { ...base, subjectKeyId: sidNode.content };
  const [issuer, serial] = v.sequence(sidNode, `${what}.sid`, 2);
  const issuerDer = v.universal(issuer, 16, `${what}.sid.issuer`).raw;
  return { ...base, issuerAndSerial: { issuerDer, serial: v.integerBytes(serial, `${what}.sid.serial`) } };
}

/** The certificate a SignerInfo names, among `candidates`. */
export function findSignerCertificate(signer: ParsedSignerInfo, candidates: readonly ParsedCertificate[]): ParsedCertificate | undefined {
  return candidates.find((c) => {
    if (signer.issuerAndSerial) {
      return c.issuer.der.equals(signer.issuerAndSerial.issuerDer) && c.serial.equals(signer.issuerAndSerial.serial);
    }
    return signer.subjectKeyId !== undefined && c.subjectKeyId !== undefined && c.subjectKeyId.equals(signer.subjectKeyId);
  });
}

/**
 * Verifies one SignerInfo over the content (RFC 5652 §5.4): signed attributes must be present,
 * messageDigest must match the content, contentType must match eContentType, and the signature over
 * the DER SET OF attributes must verify with the certificate's key.
 */
export function verifySignerInfo(sd: ParsedSignedData, signer: ParsedSignerInfo, cert: ParsedCertificate, what: string): void {
  if (signer.signedAttrsRaw === undefined) scepFail('missing_attribute', `${what} has no signed attributes`);
  const md = singleValue(signer.attributes, OID.messageDigest, what);
  const ct = singleValue(signer.attributes, OID.contentType, what);
  if (!digest(signer.digestAlgorithm, sd.content ?? Buffer.alloc(0)).equals(v.octets(md, `${what} messageDigest`))) {
    scepFail('bad_signature', `${what}: messageDigest does not match the content`);
  }
  if (v.oid(ct, `${what} contentType attribute`) !== sd.contentType) {
    scepFail('bad_signature', `${what}: contentType attribute does not match eContentType`);
  }
  const signed = Buffer.from(signer.signedAttrsRaw);
  signed[0] = 0x31; // the signature covers the attributes as an explicit SET OF
  if (!verifySignature(signer.signatureAlgorithmOid, signer.digestAlgorithm, signed, cert.publicKey, signer.signature)) {
    scepFail('bad_signature', `${what}: signature does not verify with the signer certificate`);
  }
}

/** The one value of an attribute that must occur once with one value. */
export function singleValue(attributes: ParsedSignerInfo['attributes'], oid: string, what: string): DerNode {
  const found = attributes.filter((a) => a.oid === oid);
  if (found.length === 0) scepFail('missing_attribute', `${what}: attribute ${oid} is missing`);
  const [attr] = found;
  if (found.length > 1 || attr?.values.length !== 1 || attr.values[0] === undefined) {
    return scepFail('invalid_attribute', `${what}: attribute ${oid} must occur once with one value`);
  }
  return attr.values[0];
}

export function rawAttributes(attributes: ParsedSignerInfo['attributes']): RawAttribute[] {
  return attributes.map((a) => ({ oid: a.oid, values: a.values.map((n) => Buffer.from(n.raw)) }));
}
