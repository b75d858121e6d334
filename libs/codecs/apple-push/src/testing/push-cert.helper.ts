import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/*
 * Test-only: a self-signed "push certificate" for a node:crypto RSA key (keygen in node, much
 * faster than forge), built with node-forge. Fixed validity dates: nothing here reads the clock.
 */

export interface TestPushIdentity {
  key: KeyObject;
  /** PKCS#8 PEM. */
  keyPem: string;
  /** PKCS#1 ("BEGIN RSA PRIVATE KEY") PEM of the same key. */
  rsaKeyPem: string;
  certPem: string;
}

export function makePushIdentity(topic: string): TestPushIdentity {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const rsaKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const priv = forge.pki.privateKeyFromPem(rsaKeyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(priv.n, priv.e);
  cert.serialNumber = '0a1b2c3d';
  cert.validity.notBefore = new Date('2024-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2025-01-01T00:00:00Z');
  const subject = [
    { shortName: 'C', value: 'US' },
    { shortName: 'CN', value: 'APSP:test' },
    { type: '0.9.2342.19200300.100.1.1', value: topic, valueTagClass: forge.asn1.Type.UTF8 },
  ] as forge.pki.CertificateField[];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(priv, forge.md.sha256.create());
  return {
    key: privateKey,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    rsaKeyPem,
    certPem: forge.pki.certificateToPem(cert),
  };
}
