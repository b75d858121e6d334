import { X509Certificate } from 'node:crypto';
import {
  CA_CERT_CONTENT_TYPE,
  CA_RA_CERT_CONTENT_TYPE,
  decodeCertRep,
  decodeGetCACaps,
  decodeGetCACert,
  decodePkiMessage,
  encodeCertRep,
  encodeGetCACaps,
  encodeGetCACert,
  encodeGetCertInitial,
  encodePkcsReq,
  ScepError,
  type ContentCipher,
  type DecodeCertRepOptions,
  type DecodedPkiMessage,
  type DigestAlgorithm,
  type EncodeCertRepInput,
  type FailInfo,
} from './index';
import { makeTestPki } from './testing/test-pki.helper';

const pki = makeTestPki(); // keys once per file
const NOW = new Date('2025-03-01T12:00:00Z');
const NONCE = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const TID = 'F1071LLA-7E57-0001';

function request(overrides: { cipher?: ContentCipher; digestAlgorithm?: DigestAlgorithm } = {}): Buffer {
  return encodePkcsReq({
    csr: pki.csr,
    signerCert: pki.device.cert,
    signerKey: pki.device.key,
    recipientCert: pki.ca.certPem,
    transactionId: TID,
    senderNonce: NONCE,
    cipher: overrides.cipher ?? 'aes256',
    now: NOW,
    ...(overrides.digestAlgorithm ? { digestAlgorithm: overrides.digestAlgorithm } : {}),
  });
}

const serverDecode = (der: Buffer): DecodedPkiMessage => decodePkiMessage(der, { caCert: pki.ca.cert, caKey: pki.ca.keyPem });

describe('client encodePkcsReq → server decodePkiMessage', () => {
  it.each<[ContentCipher, DigestAlgorithm]>([
    ['aes256', 'sha256'],
    ['aes128', 'sha256'],
    ['des3', 'sha1'],
    ['aes256', 'sha512'],
  ])('%s content, %s signature', (cipher, digestAlgorithm) => {
    const msg = serverDecode(request({ cipher, digestAlgorithm }));
    if (msg.messageType !== 'PKCSReq') throw new Error(msg.messageType);
    expect(msg).toMatchObject({ transactionId: TID, contentCipher: cipher, digestAlgorithm, signingTime: NOW, signerIssuedByCa: false });
    expect(msg.senderNonce.equals(NONCE)).toBe(true);
    expect(msg.signer.selfSigned).toBe(true);
    expect(msg.signer.certificate.equals(pki.device.cert)).toBe(true);
    expect(msg.csr.der.equals(pki.csr)).toBe(true);
    expect(msg.csr.subject.text).toBe('CN=device-42, O=Flotilla');
    expect(msg.csr.challengePassword).toBe('challenge-s3cret');
    expect(msg.csr.pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
  });

  it('RenewalReq signed by the certificate the CA issued', () => {
    const der = encodePkcsReq({
      csr: pki.csr,
      signerCert: pki.issued.certPem,
      signerKey: pki.issued.keyPem,
      recipientCert: pki.ca.cert,
      transactionId: TID,
      senderNonce: NONCE,
      cipher: 'aes256',
      now: NOW,
      messageType: 'RenewalReq',
    });
    expect(serverDecode(der)).toMatchObject({ messageType: 'RenewalReq', signerIssuedByCa: true, signer: { selfSigned: false } });
  });

  it('GetCertInitial names the issuer and the requested subject', () => {
    const der = encodeGetCertInitial({
      csr: pki.csr,
      signerCert: pki.device.cert,
      signerKey: pki.device.key,
      recipientCert: pki.ca.cert,
      transactionId: TID,
      senderNonce: NONCE,
      cipher: 'aes128',
      now: NOW,
    });
    const msg = serverDecode(der);
    if (msg.messageType !== 'GetCertInitial') throw new Error(msg.messageType);
    expect(msg.issuer.text).toBe('CN=Flotilla Test CA');
    expect(msg.subject.text).toBe('CN=device-42, O=Flotilla');
  });
});

describe('server encodeCertRep → client decodeCertRep', () => {
  const incoming = serverDecode(request());
  if (incoming.messageType !== 'PKCSReq') throw new Error(incoming.messageType);
  const reply = (input: Partial<EncodeCertRepInput> & Pick<EncodeCertRepInput, 'status'>): Buffer =>
    encodeCertRep({ request: incoming, caCert: pki.ca.cert, caKey: pki.ca.key, now: NOW, ...input });
  const clientOptions: DecodeCertRepOptions = {
    signerCert: pki.device.cert,
    signerKey: pki.device.key,
    caCerts: [pki.ca.cert],
    expected: { transactionId: TID, senderNonce: NONCE },
  };

  it('SUCCESS: the issued certificate and chain come out of the envelope', () => {
    const rep = decodeCertRep(reply({ status: 'SUCCESS', issuedCert: pki.issued.cert, chain: [pki.ca.cert] }), clientOptions);
    if (rep.pkiStatus !== 'SUCCESS') throw new Error(rep.pkiStatus);
    expect(rep.issuedCertificate.equals(pki.issued.cert)).toBe(true);
    expect(rep.certificates).toHaveLength(2);
    expect(rep.recipientNonce.equals(NONCE)).toBe(true);
    expect(rep.senderNonce).toHaveLength(16);
    expect(rep).toMatchObject({ transactionId: TID, signingTime: NOW, digestAlgorithm: 'sha256', envelope: { cipher: 'aes256' } });
    expect(new X509Certificate(rep.issuedCertificate).subject).toBe('CN=device-42');
  });

  it.each<FailInfo>(['badRequest', 'badMessageCheck', 'badAlg', 'badTime', 'badCertId'])('FAILURE %s carries failInfo and no content', (failInfo) => {
    const rep = decodeCertRep(reply({ status: 'FAILURE', failInfo, nonce: Buffer.alloc(16, 7) }), clientOptions);
    expect(rep).toMatchObject({ pkiStatus: 'FAILURE', failInfo, transactionId: TID });
    expect(rep.content).toBeUndefined();
    expect(rep.senderNonce?.equals(Buffer.alloc(16, 7))).toBe(true);
  });

  it('PENDING carries no content', () => {
    const rep = decodeCertRep(reply({ status: 'PENDING' }), clientOptions);
    expect(rep).toMatchObject({ pkiStatus: 'PENDING', transactionId: TID });
    expect(rep.content).toBeUndefined();
  });

  it('a server failure after verification still has what a FAILURE reply needs (error context)', () => {
    const foreign = encodePkcsReq({
      csr: pki.csr,
      signerCert: pki.device.cert,
      signerKey: pki.device.key,
      recipientCert: pki.foreignCa.cert,
      transactionId: TID,
      senderNonce: NONCE,
      cipher: 'aes256',
      now: NOW,
    });
    let error: unknown;
    try {
      serverDecode(foreign);
    } catch (err) {
      error = err;
    }
    if (!(error instanceof ScepError) || error.context === undefined) throw new Error('expected a ScepError with context');
    expect(error.code).toBe('decrypt_failed');
    const rep = decodeCertRep(reply({ status: 'FAILURE', failInfo: 'badMessageCheck', request: error.context }), clientOptions);
    expect(rep).toMatchObject({ pkiStatus: 'FAILURE', failInfo: 'badMessageCheck' });
  });

  it('client checks: echoed nonce, transactionID, trusted signer', () => {
    const der = reply({ status: 'PENDING' });
    const code = (options: Partial<DecodeCertRepOptions>): string => {
      try {
        decodeCertRep(der, { ...clientOptions, ...options });
        return 'no error';
      } catch (err) {
        return err instanceof ScepError ? err.code : String(err);
      }
    };
    expect(code({ expected: { senderNonce: Buffer.alloc(16) } })).toBe('nonce_mismatch');
    expect(code({ expected: { transactionId: 'other' } })).toBe('transaction_mismatch');
    expect(code({ caCerts: [pki.foreignCa.cert] })).toBe('untrusted_signer');
    expect(code({})).toBe('no error');
    expect(code({ caCerts: [], expected: {} })).toBe('untrusted_signer');
  });
});

describe('GetCACaps and GetCACert', () => {
  it('GetCACaps: one capability per line, read back case-insensitively', () => {
    const { contentType, body } = encodeGetCACaps(['Renewal', 'SHA-1', 'SHA-256', 'AES', 'DES3', 'SCEPStandard', 'POSTPKIOperation', 'AES']);
    expect(contentType).toBe('text/plain');
    expect(body.toString()).toBe('Renewal\nSHA-1\nSHA-256\nAES\nDES3\nSCEPStandard\nPOSTPKIOperation');
    expect(decodeGetCACaps('renewal\r\nsha-256\r\nX-Custom\r\n\r\n')).toEqual({ capabilities: ['Renewal', 'SHA-256'], unknown: ['X-Custom'] });
  });

  it('GetCACert: one certificate as DER, several as a degenerate PKCS#7 in order', () => {
    const single = encodeGetCACert([pki.ca.certPem]);
    expect(single.contentType).toBe(CA_CERT_CONTENT_TYPE);
    expect(single.body.equals(pki.ca.cert)).toBe(true);
    expect(decodeGetCACert(single.body)).toEqual([pki.ca.cert]);
    const chain = encodeGetCACert([pki.foreignCa.cert, pki.ca.cert]);
    expect(chain.contentType).toBe(CA_RA_CERT_CONTENT_TYPE);
    expect(decodeGetCACert(chain.body)).toEqual([pki.foreignCa.cert, pki.ca.cert]);
  });
});
