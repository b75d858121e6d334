import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import {
  decodeCertRep,
  decodePkiMessage,
  encodeCertRep,
  inspectPkiMessage,
  ScepError,
  transactionIdForKey,
  type CertificationRequestMessage,
  type PkiMessageInfo,
} from './index';
import { certify, rsaKey } from './testing/test-pki.helper';

// Real captured messages from micromdm/scep (see __fixtures__/SOURCES.md).
const dir = join(__dirname, '__fixtures__', 'micromdm-scep');
const fixture = (path: string): Buffer => readFileSync(join(dir, path));
const PKCS_REQ = fixture('testdata/PKCSReq.der');
const CERT_REP = fixture('scep/testdata/CertRep.der');
const NDES_REP = fixture('scep/testdata/testca2/CertRep_NoCertificatesForSigners.der');
const CA_PEM = fixture('testdata/testca/ca.pem').toString();
// The CA key is PEM encrypted with an empty passphrase; decrypting it is the test's job, not the codec's.
const CA_KEY = createPrivateKey({ key: fixture('testdata/testca/ca.key'), passphrase: '' });
const NDES_RA_PEM = fixture('scep/testdata/testca2/ca2.pem').toString();
const PROFILE = fixture('testdata/testca/sceptest.mobileconfig').toString();

// Keys once per file: a stranger (not the device whose key was never published) and a fresh issued cert.
const STRANGER = certify(rsaKey(1024), [{ name: 'commonName', value: 'not the device' }]);

const APPLE_TRANSACTION_ID = 'A13090761A30F66664F85D37433D2065E1112BA1';
const APPLE_CN = 'com.apple.security.scep.063D7953-1338-4BF0-8F99-913382996224';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScepError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('real SCEP messages: golden header values (inspectPkiMessage)', () => {
  const cases: Array<{
    name: string;
    der: Buffer;
    signers?: string[];
    expected: Partial<PkiMessageInfo> & { signerText: string; recipientText: string; cipher: string; keyTransport: string };
  }> = [
    {
      name: 'macOS PKCSReq',
      der: PKCS_REQ,
      expected: {
        messageType: 'PKCSReq',
        transactionId: APPLE_TRANSACTION_ID,
        digestAlgorithm: 'sha1',
        signingTime: new Date('2016-05-31T11:30:13Z'),
        signerText: 'CN=MDM SCEP SIGNER, C=US',
        recipientText: 'C=USA, O=etcd-ca, OU=CA',
        cipher: 'des3',
        keyTransport: 'rsaes-pkcs1-v1_5',
      },
    },
    {
      name: 'micromdm/scep CertRep for that request',
      der: CERT_REP,
      expected: {
        messageType: 'CertRep',
        pkiStatus: 'SUCCESS',
        transactionId: APPLE_TRANSACTION_ID,
        digestAlgorithm: 'sha1',
        signingTime: new Date('2016-05-31T11:30:14Z'),
        signerText: 'C=USA, O=etcd-ca, OU=CA',
        recipientText: 'CN=MDM SCEP SIGNER, C=US',
        cipher: 'des',
        keyTransport: 'rsaes-pkcs1-v1_5',
      },
    },
    {
      name: 'Microsoft NDES CertRep (no certificates; RA from GetCACert)',
      der: NDES_REP,
      signers: [NDES_RA_PEM],
      expected: {
        messageType: 'CertRep',
        pkiStatus: 'SUCCESS',
        transactionId: 'HVvzN0228V+AW+dUuDe8OPyDXD0=',
        digestAlgorithm: 'sha1',
        signerText: 'C=US, CN=CERT-PROV-CA-MSCEP-RA',
        recipientText: 'O=scep-clients4, CN=SCEP SIGNER',
        cipher: 'aes128',
        keyTransport: 'rsaes-oaep',
      },
    },
  ];

  it.each(cases)('$name', ({ der, signers, expected }) => {
    const info = inspectPkiMessage(der, signers ? { signerCertificates: signers } : {});
    const { signerText, recipientText, cipher, keyTransport, ...fields } = expected;
    expect(info).toMatchObject(fields);
    expect(info.signer.subject.text).toBe(signerText);
    expect(info.envelope?.cipher).toBe(cipher);
    expect(info.envelope?.recipients).toHaveLength(1);
    expect(info.envelope?.recipients[0]?.issuer?.text).toBe(recipientText);
    expect(info.envelope?.recipients[0]?.keyTransport).toBe(keyTransport);
    expect(info.raw.equals(der)).toBe(true);
  });
});

describe('real macOS PKCSReq, server side', () => {
  let message: CertificationRequestMessage;
  beforeAll(() => {
    const decoded = decodePkiMessage(PKCS_REQ, { caCert: CA_PEM, caKey: CA_KEY });
    if (decoded.messageType !== 'PKCSReq') throw new Error(`got ${decoded.messageType}`);
    message = decoded;
  });

  it('verifies with its self-signed signer and decrypts (DES-EDE3-CBC) with the fixture CA key', () => {
    expect(message.signer.selfSigned).toBe(true);
    expect(message.signer.subject.text).toBe('CN=MDM SCEP SIGNER, C=US');
    expect(message.signerIssuedByCa).toBe(false);
    expect(message.contentCipher).toBe('des3');
    expect(message.senderNonce).toHaveLength(8); // Apple sends 8 bytes, not RFC 8894's 16
  });

  it('yields the device CSR: subject, RSA-1024 key, version 2 (sic), no challengePassword', () => {
    const { csr } = message;
    expect(csr.subject.text).toBe(`CN=${APPLE_CN}`);
    expect(csr.version).toBe(2);
    expect(csr.publicKey).toMatchObject({ algorithm: 'rsa', bits: 1024 });
    expect(csr.signatureAlgorithm).toBe('sha1WithRSAEncryption');
    expect(csr.challengePassword).toBeUndefined();
    expect(csr.attributes.map((a) => a.oid)).toEqual(['1.2.840.113549.1.9.14']);
    expect(csr.extensionRequest?.toString('hex')).toContain('0603551d0f'); // keyUsage
    // The profile that produced it: same PayloadIdentifier, 1024-bit Keysize, and no Challenge key.
    expect(PROFILE).toContain(`<string>${APPLE_CN}</string>`);
    expect(PROFILE).toMatch(/<key>Keysize<\/key>\s*<integer>1024<\/integer>/);
    expect(PROFILE).not.toContain('<key>Challenge</key>');
  });

  it('has a CSR whose self-signature also verifies in an independent implementation (node-forge)', () => {
    const csr = forge.pki.certificationRequestFromAsn1(forge.asn1.fromDer(message.csr.der.toString('latin1')));
    expect(csr.verify()).toBe(true);
  });

  it('uses the SHA-1 of the CSR key as transactionID (Apple convention)', () => {
    expect(transactionIdForKey(message.csr.publicKey.spki)).toBe(APPLE_TRANSACTION_ID);
  });

  it('can be answered: a CertRep built for it echoes its nonce and mirrors its digest and cipher', () => {
    const issued = certify(STRANGER.key, [{ name: 'commonName', value: APPLE_CN }]);
    const reply = encodeCertRep({
      status: 'SUCCESS',
      issuedCert: issued.cert,
      request: message,
      caCert: CA_PEM,
      caKey: CA_KEY,
      now: new Date('2016-05-31T11:30:14Z'),
    });
    const info = inspectPkiMessage(reply, { trustedSigners: [CA_PEM] });
    expect(info).toMatchObject({ messageType: 'CertRep', pkiStatus: 'SUCCESS', transactionId: APPLE_TRANSACTION_ID, digestAlgorithm: 'sha1' });
    expect(info.recipientNonce?.equals(message.senderNonce)).toBe(true);
    expect(info.envelope?.cipher).toBe('des3');
    expect(info.envelope?.recipients[0]?.issuer?.text).toBe('CN=MDM SCEP SIGNER, C=US');
  });
});

describe('real micromdm/scep CertRep (reply to the PKCSReq)', () => {
  it('echoes the request senderNonce and transactionID', () => {
    const request = inspectPkiMessage(PKCS_REQ);
    const reply = inspectPkiMessage(CERT_REP, { trustedSigners: [CA_PEM] });
    expect(reply.recipientNonce?.equals(request.senderNonce ?? Buffer.alloc(0))).toBe(true);
    expect(reply.transactionId).toBe(request.transactionId);
    expect(reply.senderNonce).toBeUndefined(); // this old server sent none
  });

  it('carries (unusually, outside the envelope) the issued certificate, whose key is the CSR key', () => {
    const csr = (decodePkiMessage(PKCS_REQ, { caCert: CA_PEM, caKey: CA_KEY }) as CertificationRequestMessage).csr;
    const reply = inspectPkiMessage(CERT_REP);
    const ca = new X509Certificate(CA_PEM);
    const issued = reply.certificates.map((c) => new X509Certificate(c)).find((c) => c.subject === `CN=${APPLE_CN}`);
    expect(issued?.verify(ca.publicKey)).toBe(true);
    expect(issued?.publicKey.export({ type: 'spki', format: 'der' }).equals(csr.publicKey.spki)).toBe(true);
  });

  it('is a CertRep to the server decoder, and cannot be opened without the device key (not published)', () => {
    expect(decodePkiMessage(CERT_REP, { caCert: CA_PEM, caKey: CA_KEY })).toMatchObject({ messageType: 'CertRep', pkiStatus: 'SUCCESS' });
    expect(codeOf(() => decodeCertRep(CERT_REP, { signerCert: STRANGER.cert, signerKey: STRANGER.key, caCerts: [CA_PEM] }))).toBe('decrypt_failed');
  });
});

describe('real Microsoft NDES CertRep', () => {
  it('needs the RA certificate from GetCACert to verify', () => {
    expect(codeOf(() => inspectPkiMessage(NDES_REP))).toBe('signer_not_found');
    expect(inspectPkiMessage(NDES_REP, { signerCertificates: [NDES_RA_PEM] }).certificates).toEqual([]);
  });

  it('carries pkiStatus SUCCESS, both nonces, and the Microsoft "Issued" attribute', () => {
    const info = inspectPkiMessage(NDES_REP, { signerCertificates: [NDES_RA_PEM], trustedSigners: [NDES_RA_PEM] });
    expect(info.senderNonce).toHaveLength(16);
    expect(info.recipientNonce).toHaveLength(16);
    const ms = info.attributes.find((a) => a.oid === '1.3.6.1.4.1.311.21.38');
    expect(ms?.values[0]?.subarray(2).toString('utf8')).toBe('Issued');
    expect(info.envelope?.recipients[0]?.serialNumber).toBe('060e4f0b45594fc32458ecd7be5c1ef3');
  });

  it('is refused when the trusted RA is another one, and cannot be opened without the client key (not published)', () => {
    expect(codeOf(() => inspectPkiMessage(NDES_REP, { signerCertificates: [NDES_RA_PEM], trustedSigners: [CA_PEM] }))).toBe('untrusted_signer');
    expect(codeOf(() => decodeCertRep(NDES_REP, { signerCert: STRANGER.cert, signerKey: STRANGER.key, caCerts: [NDES_RA_PEM] }))).toBe('decrypt_failed');
  });
});
