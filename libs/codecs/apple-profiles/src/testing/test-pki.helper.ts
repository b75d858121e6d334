import { createHash, createPublicKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { ASN1_CLASS, ASN1_TYPE, der, parseDer, toDer, type Asn1 } from '../cms/der.helpers';

/** A throwaway certificate and its key (tests only). */
export interface TestIdentity {
  cert: X509Certificate;
  certPem: string;
  key: KeyObject;
  keyPem: string;
}

/** What to issue: subject CN, key type, issuer (self-signed when absent), validity. */
export interface TestIdentitySpec {
  cn: string;
  keyType?: 'rsa' | 'ec';
  issuer?: TestIdentity;
  serial?: number;
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
  /** Reuse a key (e.g. to make a second cert for the same key). */
  key?: KeyObject;
}

const RSA_SHA256 = '1.2.840.113549.1.1.11';
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';

/**
 * Issues an X.509 v3 certificate with node:crypto keys (RSA 1024 — fast, test-only — or P-256)
 * by writing the TBSCertificate with node-forge's ASN.1 and signing it with node:crypto, so EC
 * keys (which node-forge's PKI cannot hold) work too.
 */
export function makeIdentity(spec: TestIdentitySpec): TestIdentity {
  const key =
    spec.key ??
    (spec.keyType === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
      : generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey);
  const signerKey = spec.issuer?.key ?? key;
  const sigOid = signerKey.asymmetricKeyType === 'ec' ? ECDSA_SHA256 : RSA_SHA256;
  const sigAlg = der.seq(sigOid === RSA_SHA256 ? [der.oid(sigOid), der.nul()] : [der.oid(sigOid)]);
  const subject = name(spec.cn);
  const spki = parseDer(publicDer(key), 'spki');
  const tbs = der.seq([
    der.context(0, [der.int(2)]),
    der.int(spec.serial ?? 1),
    sigAlg,
    spec.issuer ? subjectOf(spec.issuer.cert) : subject,
    der.seq([der.time(spec.notBefore ?? new Date('2024-01-01T00:00:00Z')), der.time(spec.notAfter ?? new Date('2034-01-01T00:00:00Z'))]),
    subject,
    spki,
    der.context(3, [der.seq(extensions(spec.ca ?? false, spki))]),
  ]);
  const signature = sign('sha256', toDer(tbs), signerKey);
  const bitString = forge.asn1.create(ASN1_CLASS.UNIVERSAL, ASN1_TYPE.BITSTRING, false, `\u0000${signature.toString('binary')}`);
  const certDer = toDer(der.seq([tbs, sigAlg, bitString]));
  const cert = new X509Certificate(certDer);
  return { cert, certPem: cert.toString(), key, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function publicDer(key: KeyObject): Buffer {
  return Buffer.from(createPublicKey(key).export({ type: 'spki', format: 'der' }));
}

function name(cn: string): Asn1 {
  const utf8 = forge.asn1.create(ASN1_CLASS.UNIVERSAL, ASN1_TYPE.UTF8, false, forge.util.encodeUtf8(cn));
  return der.seq([der.set([der.seq([der.oid('2.5.4.3'), utf8])])]);
}

function subjectOf(cert: X509Certificate): Asn1 {
  const [tbs] = parseDer(cert.raw, 'cert').value as Asn1[];
  const fields = (tbs as Asn1).value as Asn1[];
  return fields[5] as Asn1; // version, serial, sigAlg, issuer, validity, subject
}

function extensions(ca: boolean, spki: Asn1): Asn1[] {
  const boolTrue = forge.asn1.create(ASN1_CLASS.UNIVERSAL, ASN1_TYPE.BOOLEAN, false, '\u00ff');
  const basic = der.seq([der.oid('2.5.29.19'), boolTrue, der.octets(toDer(der.seq(ca ? [boolTrue] : [])))]);
  const keyId = createHash('sha1').update(toDer(spki)).digest();
  const ski = der.seq([der.oid('2.5.29.14'), der.octets(toDer(der.octets(keyId)))]);
  return [basic, ski];
}
