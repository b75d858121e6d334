import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/*
 * Test-only PKI: keys from node:crypto (much faster than forge's keygen), certificates and CSRs
 * built with node-forge. Fixed validity dates: nothing here reads the clock.
 */

export interface TestIdentity {
  key: KeyObject;
  keyPem: string;
  cert: Buffer;
  certPem: string;
}

const NOT_BEFORE = new Date('2024-01-01T00:00:00Z');
const NOT_AFTER = new Date('2034-01-01T00:00:00Z');

export function rsaKey(bits: number): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
}

function forgeKeys(key: KeyObject): { priv: forge.pki.rsa.PrivateKey; pub: forge.pki.rsa.PublicKey } {
  const priv = forge.pki.privateKeyFromPem(key.export({ type: 'pkcs1', format: 'pem' }).toString());
  return { priv, pub: forge.pki.setRsaPublicKey(priv.n, priv.e) };
}

function derOf(cert: forge.pki.Certificate): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'latin1');
}

let serial = 1;

/** A certificate for `key`, self-signed or issued by `issuer`. */
export function certify(
  key: KeyObject,
  subject: forge.pki.CertificateField[],
  options: { issuer?: TestIdentity; issuerSubject?: forge.pki.CertificateField[]; ca?: boolean } = {},
): TestIdentity {
  const { priv, pub } = forgeKeys(key);
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = NOT_BEFORE;
  cert.validity.notAfter = NOT_AFTER;
  cert.setSubject(subject);
  cert.setIssuer(options.issuerSubject ?? subject);
  cert.setExtensions(
    options.ca
      ? [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, digitalSignature: true }, { name: 'subjectKeyIdentifier' }]
      : [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, keyEncipherment: true }],
  );
  const signer = options.issuer ? forgeKeys(options.issuer.key).priv : priv;
  cert.sign(signer, forge.md.sha256.create());
  const der = derOf(cert);
  return { key, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: der, certPem: forge.pki.certificateToPem(cert) };
}

/** A PKCS#10 request for `key`, optionally with a challengePassword. */
export function makeCsr(key: KeyObject, commonName: string, challengePassword?: string): Buffer {
  const { priv, pub } = forgeKeys(key);
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = pub;
  csr.setSubject([{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'Flotilla' }]);
  if (challengePassword !== undefined) csr.setAttributes([{ name: 'challengePassword', value: challengePassword }]);
  csr.sign(priv, forge.md.sha256.create());
  return Buffer.from(forge.asn1.toDer(forge.pki.certificationRequestToAsn1(csr)).getBytes(), 'latin1');
}

/** A whole test PKI: a CA, a foreign CA, and a device with a self-signed SCEP signer and a CSR. */
export function makeTestPki(): {
  ca: TestIdentity;
  foreignCa: TestIdentity;
  device: TestIdentity;
  csr: Buffer;
  issued: TestIdentity;
} {
  const caSubject = [{ name: 'commonName', value: 'Flotilla Test CA' }];
  const ca = certify(rsaKey(1024), caSubject, { ca: true }); // 1024-bit: keygen speed (the real fixture CA is 4096)
  const foreignCa = certify(rsaKey(1024), [{ name: 'commonName', value: 'Someone Else CA' }], { ca: true });
  const deviceKey = rsaKey(1024);
  const device = certify(deviceKey, [{ name: 'commonName', value: 'MDM SCEP SIGNER' }, { name: 'countryName', value: 'US' }]);
  const csr = makeCsr(deviceKey, 'device-42', 'challenge-s3cret');
  const issued = certify(deviceKey, [{ name: 'commonName', value: 'device-42' }], { issuer: ca, issuerSubject: caSubject });
  return { ca, foreignCa, device, csr, issued };
}
