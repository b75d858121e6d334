import { constants, createCipheriv, publicEncrypt } from 'node:crypto';
import forge from 'node-forge';
import { decodeCertRep, decodePkiMessage, encodeCertRep, encodePkcsReq, inspectPkiMessage, type DecodeCertRepOptions } from './index';
import { readCertificate, issuerAndSerialOf, type ParsedCertificate } from './internal/certificate.reader';
import { readDer, resolveLimits, type DerNode } from './internal/der.reader';
import { der } from './internal/der.writer';
import { CIPHERS, OID } from './internal/oids.constants';
import { writeScepAttributes } from './internal/scep-attributes.codec';
import { writeDegenerateSignedData, writeSignedData } from './internal/signed-data.writer';
import { makeTestPki } from './testing/test-pki.helper';

// Shapes other SCEP implementations produce, built here because no published capture can be opened:
// single-DES replies (micromdm/scep before 2020), RSAES-OAEP key transport (NDES), BER streaming (OpenSSL).

const pki = makeTestPki();
const limits = resolveLimits();
const ca = readCertificate(pki.ca.cert, 'invalid_input', limits);
const device = readCertificate(pki.device.cert, 'invalid_input', limits);
const NOW = new Date('2025-03-01T12:00:00Z');
const NONCE = Buffer.alloc(16, 9);

type Transport = 'pkcs1' | 'oaep-default' | 'oaep-sha256';

/** EnvelopedData encrypted the way another implementation would. */
function envelope(content: Buffer, to: ParsedCertificate, cipher: 'des' | 'aes128', transport: Transport): Buffer {
  const spec = CIPHERS[cipher];
  const cek = Buffer.alloc(spec.keyLength, 0x42);
  const iv = Buffer.alloc(spec.ivLength, 0x24);
  let encrypted: Buffer;
  if (cipher === 'des') {
    const c = forge.cipher.createCipher('DES-CBC', cek.toString('latin1'));
    c.start({ iv: iv.toString('latin1') });
    c.update(forge.util.createBuffer(content.toString('latin1')));
    c.finish();
    encrypted = Buffer.from(c.output.getBytes(), 'latin1');
  } else {
    const c = createCipheriv('aes-128-cbc', cek, iv);
    encrypted = Buffer.concat([c.update(content), c.final()]);
  }
  const oaepHash = transport === 'oaep-sha256' ? 'sha256' : 'sha1';
  const wrapped =
    transport === 'pkcs1'
      ? publicEncrypt({ key: to.publicKey, padding: constants.RSA_PKCS1_PADDING }, cek)
      : publicEncrypt({ key: to.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, cek);
  const sha256 = der.algorithm('2.16.840.1.101.3.4.2.1');
  const keyAlg = {
    pkcs1: der.algorithm(OID.rsaEncryption, der.null()),
    'oaep-default': der.algorithm(OID.rsaesOaep, der.sequence()), // what NDES sends
    'oaep-sha256': der.algorithm(OID.rsaesOaep, der.sequence(der.explicit(0, sha256), der.explicit(1, der.algorithm(OID.mgf1, sha256)))),
  }[transport];
  const ktri = der.sequence(der.integer(0), issuerAndSerialOf(to), keyAlg, der.octetString(wrapped));
  const eci = der.sequence(der.oid(OID.data), der.algorithm(spec.oid, der.octetString(iv)), der.implicitPrimitive(0, encrypted));
  return der.sequence(der.oid(OID.envelopedData), der.explicit(0, der.sequence(der.integer(0), der.setOf([ktri]), eci)));
}

/** A SUCCESS CertRep signed by the CA, carrying no certificates (as NDES does). */
function foreignCertRep(content: Buffer, transactionId = 'NDES+TID/1='): Buffer {
  return writeSignedData({
    content,
    signerCert: ca,
    signerKey: pki.ca.key,
    digestAlgorithm: 'sha1',
    attributes: writeScepAttributes({ messageType: 'CertRep', transactionId, senderNonce: Buffer.alloc(16, 1), recipientNonce: NONCE, pkiStatus: 'SUCCESS' }),
    signingTime: NOW,
    certificates: [],
  });
}

const client: DecodeCertRepOptions = { signerCert: pki.device.cert, signerKey: pki.device.key, caCerts: [pki.ca.cert], expected: { senderNonce: NONCE } };

describe('CertReps as other servers encrypt them', () => {
  it.each<['des' | 'aes128', Transport]>([
    ['des', 'pkcs1'],
    ['aes128', 'oaep-default'],
    ['aes128', 'oaep-sha256'],
  ])('%s content, %s key transport, no certificates carried', (cipher, transport) => {
    const der = foreignCertRep(envelope(writeDegenerateSignedData([pki.issued.cert, pki.ca.cert]), device, cipher, transport));
    const rep = decodeCertRep(der, client);
    if (rep.pkiStatus !== 'SUCCESS') throw new Error(rep.pkiStatus);
    expect(rep.issuedCertificate.equals(pki.issued.cert)).toBe(true);
    expect(rep.certificates).toHaveLength(2);
    expect(rep.transactionId).toBe('NDES+TID/1=');
    expect(rep.envelope).toMatchObject({ cipher, recipients: [{ keyTransport: transport === 'pkcs1' ? 'rsaes-pkcs1-v1_5' : 'rsaes-oaep' }] });
  });

  it('a request encrypted with single DES is opened too (old clients)', () => {
    const msg = writeSignedData({
      content: envelope(pki.csr, ca, 'des', 'pkcs1'),
      signerCert: device,
      signerKey: pki.device.key,
      digestAlgorithm: 'sha1',
      attributes: writeScepAttributes({ messageType: 'PKCSReq', transactionId: 'T', senderNonce: NONCE }),
      certificates: [device.der],
    });
    const decoded = decodePkiMessage(msg, { caCert: pki.ca.cert, caKey: pki.ca.key });
    expect(decoded).toMatchObject({ messageType: 'PKCSReq', contentCipher: 'des' });
    if (decoded.messageType !== 'PKCSReq') throw new Error(decoded.messageType);
    // …and answered with 3DES, never single DES.
    const reply = encodeCertRep({ status: 'SUCCESS', issuedCert: pki.issued.cert, request: decoded, caCert: pki.ca.cert, caKey: pki.ca.key, now: NOW });
    expect(inspectPkiMessage(reply).envelope?.cipher).toBe('des3');
  });

  it('a transactionID that is not a PrintableString is echoed as sent', () => {
    const request = { transactionId: 'tx_ünïcode', senderNonce: NONCE, signer: { certificate: pki.device.cert } };
    const reply = encodeCertRep({ status: 'PENDING', request, caCert: pki.ca.cert, caKey: pki.ca.key, now: NOW });
    expect(decodeCertRep(reply, client)).toMatchObject({ pkiStatus: 'PENDING', transactionId: 'tx_ünïcode' });
  });
});

/** Re-encodes ContentInfo, SignedData and eContent with indefinite lengths and a chunked OCTET STRING, as `openssl cms -stream` does. */
function toBer(message: Buffer): Buffer {
  const open = (tag: number, ...parts: Buffer[]): Buffer => Buffer.concat([Buffer.from([tag, 0x80]), ...parts, Buffer.from([0, 0])]);
  const kids = (n: DerNode | undefined): readonly DerNode[] => n?.children ?? [];
  const root = readDer(message, limits);
  const [oid, wrapper] = kids(root);
  const fields = kids(kids(wrapper)[0]);
  const [eType, eWrapper] = kids(fields[2]);
  const eContent = kids(eWrapper)[0]?.content ?? Buffer.alloc(0);
  const chunks = [eContent.subarray(0, 100), eContent.subarray(100)].map((c) => der.octetString(c));
  const encap = open(0x30, eType?.raw ?? Buffer.alloc(0), open(0xa0, open(0x24, ...chunks)));
  const signedData = open(0x30, ...fields.slice(0, 2).map((f) => f.raw), encap, ...fields.slice(3).map((f) => f.raw));
  return open(0x30, oid?.raw ?? Buffer.alloc(0), open(0xa0, signedData));
}

describe('BER', () => {
  it('an indefinite-length PKIMessage with a chunked eContent decodes like its DER form', () => {
    const derForm = encodePkcsReq({ csr: pki.csr, signerCert: pki.device.cert, signerKey: pki.device.key, recipientCert: pki.ca.cert, transactionId: 'T', senderNonce: NONCE, cipher: 'aes256', now: NOW });
    const berForm = toBer(derForm);
    expect(berForm.equals(derForm)).toBe(false);
    const decoded = decodePkiMessage(berForm, { caCert: pki.ca.cert, caKey: pki.ca.key });
    expect(decoded).toMatchObject({ messageType: 'PKCSReq', transactionId: 'T', csr: { der: pki.csr } });
  });
});
