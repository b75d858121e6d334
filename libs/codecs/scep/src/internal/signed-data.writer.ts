import type { KeyObject } from 'node:crypto';
import type { DigestAlgorithm } from '../scep.types';
import { issuerAndSerialOf, type ParsedCertificate } from './certificate.reader';
import { digest, signCms } from './cms.crypto';
import { der } from './der.writer';
import { DIGEST_OIDS, OID } from './oids.constants';

export interface SignedDataSpec {
  /** eContent (id-data); none for FAILURE/PENDING replies, written as an empty OCTET STRING. */
  content?: Buffer;
  signerCert: ParsedCertificate;
  signerKey: KeyObject;
  digestAlgorithm: DigestAlgorithm;
  /** Extra signed attributes, each an encoded Attribute SEQUENCE (contentType and messageDigest are added). */
  attributes: Buffer[];
  signingTime?: Date;
  /** Certificates to carry (DER), in order. */
  certificates: Buffer[];
}

/** An encoded Attribute ::= SEQUENCE { type, SET OF value }. */
export function attribute(oid: string, ...values: Buffer[]): Buffer {
  return der.sequence(der.oid(oid), der.setOf(values));
}

/** ContentInfo{SignedData} with one signer identified by issuer and serial number (version 1). */
export function writeSignedData(spec: SignedDataSpec): Buffer {
  const digestAlgorithm = der.algorithm(DIGEST_OIDS[spec.digestAlgorithm], der.null());
  const attrs = [
    attribute(OID.contentType, der.oid(OID.data)),
    attribute(OID.messageDigest, der.octetString(digest(spec.digestAlgorithm, spec.content ?? Buffer.alloc(0)))),
    ...(spec.signingTime === undefined ? [] : [attribute(OID.signingTime, der.time(spec.signingTime))]),
    ...spec.attributes,
  ];
  const signedAttrs = der.setOf(attrs);
  const { signature, algorithmOid } = signCms(spec.digestAlgorithm, signedAttrs, spec.signerKey);
  const implicitAttrs = Buffer.from(signedAttrs);
  implicitAttrs[0] = 0xa0; // [0] IMPLICIT SET OF Attribute
  const signerInfo = der.sequence(
    der.integer(1),
    issuerAndSerialOf(spec.signerCert),
    digestAlgorithm,
    implicitAttrs,
    algorithmOid === OID.rsaEncryption ? der.algorithm(algorithmOid, der.null()) : der.algorithm(algorithmOid),
    der.octetString(signature),
  );
  // No content (FAILURE/PENDING) is written as an empty eContent, as micromdm/smallstep do, so that
  // verifiers that treat an absent eContent as detached (OpenSSL) still verify it.
  const encap = der.sequence(der.oid(OID.data), der.explicit(0, der.octetString(spec.content ?? Buffer.alloc(0))));
  const signedData = der.sequence(
    der.integer(1),
    der.setOf([digestAlgorithm]),
    encap,
    ...(spec.certificates.length > 0 ? [der.implicitConstructed(0, ...spec.certificates)] : []),
    der.setOf([signerInfo]),
  );
  return der.sequence(der.oid(OID.signedData), der.explicit(0, signedData));
}

/** A degenerate certificates-only SignedData (no content, no signers), certificates kept in the given order. */
export function writeDegenerateSignedData(certificates: Buffer[]): Buffer {
  const signedData = der.sequence(
    der.integer(1),
    der.setOf([]),
    der.sequence(der.oid(OID.data)),
    der.implicitConstructed(0, ...certificates),
    der.setOf([]),
  );
  return der.sequence(der.oid(OID.signedData), der.explicit(0, signedData));
}
