import { ASN1_CLASS, ASN1_TYPE, bytesOf, childrenOf, der, isContext, malformed, oidOf, parseDer, sequenceOf, setOf, timeOf, toDer, type Asn1 } from './der.helpers';
import { OID } from './cms.oids';

/** How a SignerInfo names its certificate. */
export type SignerId = { issuerDer: Buffer; serialDer: Buffer } | { subjectKeyId: Buffer };

/** The signed attributes Apple's signers use, plus the DER the signature covers. */
export interface SignedAttributes {
  /** DER of the attributes as `SET OF` (what the signature is computed over). */
  der: Buffer;
  contentType?: string;
  messageDigest?: Buffer;
  signingTime?: Date;
}

/** One SignerInfo with algorithms left as OIDs. */
export interface ParsedSignerInfo {
  sid: SignerId;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  signedAttrs?: SignedAttributes;
  signature: Buffer;
}

/** The parts of a CMS SignedData a verifier reads. */
export interface ParsedSignedData {
  contentType: string;
  /** Attached content; absent for detached signatures. */
  content?: Buffer;
  /** DER of every X.509 certificate in the `certificates` field. */
  certificates: Buffer[];
  signerInfos: ParsedSignerInfo[];
}

/** Parses a DER/BER ContentInfo holding SignedData (RFC 5652). Structural problems throw `malformed_cms`. */
export function parseSignedData(bytes: Buffer): ParsedSignedData {
  const [type, explicit] = sequenceOf(parseDer(bytes, 'CMS'), 'ContentInfo');
  if (oidOf(type, 'contentType') !== OID.signedData) throw malformed('ContentInfo does not hold SignedData');
  if (!isContext(explicit, 0)) throw malformed('ContentInfo has no [0] content');
  const fields = sequenceOf(childrenOf(explicit, 'ContentInfo content')[0], 'SignedData');
  // version, digestAlgorithms, encapContentInfo, [0] certificates?, [1] crls?, signerInfos
  const [encap] = fields.slice(2, 3);
  const rest = fields.slice(3);
  const signerInfos = rest[rest.length - 1];
  const certs = rest.find((f) => isContext(f, 0));
  const [eContentType, eContent] = sequenceOf(encap, 'EncapsulatedContentInfo');
  return {
    contentType: oidOf(eContentType, 'eContentType'),
    content: eContent ? encapsulatedContent(eContent) : undefined,
    certificates: certs
      ? childrenOf(certs, 'certificates')
          .filter((c) => c.tagClass === ASN1_CLASS.UNIVERSAL && c.type === ASN1_TYPE.SEQUENCE)
          .map(toDer)
      : [],
    signerInfos: setOf(signerInfos, 'signerInfos').map(parseSignerInfo),
  };
}

function encapsulatedContent(node: Asn1): Buffer {
  if (!isContext(node, 0)) throw malformed('eContent is not [0]');
  const [octets] = childrenOf(node, 'eContent');
  if (octets?.tagClass !== ASN1_CLASS.UNIVERSAL || octets.type !== ASN1_TYPE.OCTETSTRING) throw malformed('eContent is not an OCTET STRING');
  return bytesOf(octets, 'eContent');
}

function parseSignerInfo(node: Asn1): ParsedSignerInfo {
  const fields = sequenceOf(node, 'SignerInfo');
  const [, sid, digestAlg, ...rest] = fields;
  const attrs = isContext(rest[0], 0) ? rest.shift() : undefined;
  const [signatureAlg, signature] = rest;
  return {
    sid: signerId(sid),
    digestAlgorithm: oidOf(sequenceOf(digestAlg, 'digestAlgorithm')[0], 'digestAlgorithm'),
    signatureAlgorithm: oidOf(sequenceOf(signatureAlg, 'signatureAlgorithm')[0], 'signatureAlgorithm'),
    signedAttrs: attrs ? signedAttributes(attrs) : undefined,
    signature: bytesOf(signature, 'signature'),
  };
}

function signerId(node: Asn1 | undefined): SignerId {
  if (isContext(node, 0)) return { subjectKeyId: bytesOf(node, 'subjectKeyIdentifier') };
  const [issuer, serial] = sequenceOf(node, 'IssuerAndSerialNumber');
  if (!issuer || !serial) throw malformed('IssuerAndSerialNumber is incomplete');
  return { issuerDer: toDer(issuer), serialDer: toDer(serial) };
}

function signedAttributes(node: Asn1): SignedAttributes {
  const out: SignedAttributes = { der: toDer(der.retag(node, ASN1_CLASS.UNIVERSAL, ASN1_TYPE.SET)) };
  const seen = new Set<string>();
  for (const attr of childrenOf(node, 'signedAttrs')) {
    const [type, values] = sequenceOf(attr, 'Attribute');
    const oid = oidOf(type, 'attribute type');
    if (seen.has(oid)) throw malformed(`signed attribute ${oid} appears twice`);
    seen.add(oid);
    const [value, ...more] = setOf(values, 'attribute values');
    const single = (): Asn1 => {
      if (!value || more.length > 0) throw malformed(`signed attribute ${oid} must have one value`);
      return value;
    };
    if (oid === OID.contentType) out.contentType = oidOf(single(), 'contentType attribute');
    else if (oid === OID.messageDigest) out.messageDigest = bytesOf(single(), 'messageDigest attribute');
    else if (oid === OID.signingTime) out.signingTime = timeOf(single(), 'signingTime attribute');
  }
  return out;
}
