import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeCertRep,
  decodeCsr,
  decodeGetCACert,
  decodePkiMessage,
  encodeCertRep,
  encodeGetCACert,
  encodePkcsReq,
  inspectPkiMessage,
  ScepError,
  type ScepErrorCode,
} from './index';
import { readCertificate } from './internal/certificate.reader';
import { resolveLimits } from './internal/der.reader';
import { der } from './internal/der.writer';
import { writeEnvelopedData } from './internal/enveloped-data.codec';
import { OID } from './internal/oids.constants';
import { attribute, writeSignedData } from './internal/signed-data.writer';
import { makeTestPki } from './testing/test-pki.helper';

const dir = join(__dirname, '__fixtures__', 'micromdm-scep');
const PKCS_REQ = readFileSync(join(dir, 'testdata/PKCSReq.der'));
const CA_PEM = readFileSync(join(dir, 'testdata/testca/ca.pem')).toString();
const CA_KEY = createPrivateKey({ key: readFileSync(join(dir, 'testdata/testca/ca.key')), passphrase: '' });

const pki = makeTestPki();
const NOW = new Date('2025-03-01T12:00:00Z');
const NONCE = Buffer.alloc(16, 0x5a);
const limits = resolveLimits();
const caCert = readCertificate(pki.ca.cert, 'invalid_input', limits);
const deviceCert = readCertificate(pki.device.cert, 'invalid_input', limits);

/** Runs fn and returns the ScepError code; any other exception fails the test. */
function codeOf(fn: () => unknown): ScepErrorCode | 'no error' {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScepError) return err.code;
    throw err;
  }
  return 'no error';
}

const serverDecode = (bytes: Uint8Array): unknown => decodePkiMessage(bytes, { caCert: pki.ca.cert, caKey: pki.ca.key });
const appleDecode = (bytes: Uint8Array): unknown => decodePkiMessage(bytes, { caCert: CA_PEM, caKey: CA_KEY });

/** A request-shaped PKIMessage with arbitrary SCEP attributes and envelope content. */
function craft(attrs: Buffer[], content: Buffer = writeEnvelopedData(pki.csr, caCert, 'aes128', (n) => Buffer.alloc(n, 1))): Buffer {
  return writeSignedData({ content, signerCert: deviceCert, signerKey: pki.device.key, digestAlgorithm: 'sha256', attributes: attrs, signingTime: NOW, certificates: [deviceCert.der] });
}
const printable = (oid: string, text: string): Buffer => attribute(oid, der.printableString(text));
const TYPE_19 = printable(OID.scepMessageType, '19');
const TID = printable(OID.scepTransactionId, 'abc');
const SENDER = attribute(OID.scepSenderNonce, der.octetString(NONCE));

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

/** Index of the last occurrence of `needle` (hex) in the real PKCSReq. */
const offsetOf = (needleHex: string): number => PKCS_REQ.lastIndexOf(Buffer.from(needleHex, 'hex'));

function nested(depth: number): Buffer {
  let inner: Buffer = Buffer.from([0x05, 0x00]);
  for (let i = 0; i < depth; i++) inner = der.sequence(inner);
  return inner;
}

describe('invalid PKIMessages fail with the right code', () => {
  const cases: Array<{ name: string; run: () => unknown; code: ScepErrorCode }> = [
    { name: 'empty input', run: () => appleDecode(Buffer.alloc(0)), code: 'malformed_der' },
    { name: 'truncated to 10 bytes', run: () => appleDecode(PKCS_REQ.subarray(0, 10)), code: 'malformed_der' },
    { name: 'truncated by one byte', run: () => appleDecode(PKCS_REQ.subarray(0, PKCS_REQ.length - 1)), code: 'malformed_der' },
    { name: 'trailing garbage', run: () => appleDecode(Buffer.concat([PKCS_REQ, Buffer.from([0])])), code: 'malformed_der' },
    { name: 'text, not DER', run: () => appleDecode(Buffer.from('operation=PKIOperation&message=')), code: 'malformed_der' },
    { name: 'a certificate, not PKCS#7', run: () => serverDecode(pki.ca.cert), code: 'not_pkcs7' },
    { name: 'an EnvelopedData, not SignedData', run: () => serverDecode(writeEnvelopedData(pki.csr, caCert, 'aes256', (n) => Buffer.alloc(n))), code: 'not_pkcs7' },
    { name: 'a degenerate SignedData (no signer)', run: () => serverDecode(encodeGetCACert([pki.ca.cert, pki.foreignCa.cert]).body), code: 'not_pkcs7' },
    { name: 'tampered signature', run: () => appleDecode(flip(PKCS_REQ, PKCS_REQ.length - 5)), code: 'bad_signature' },
    { name: 'tampered content (inside the envelope)', run: () => appleDecode(flip(PKCS_REQ, 900)), code: 'bad_signature' },
    { name: 'tampered transactionID attribute', run: () => appleDecode(flip(PKCS_REQ, offsetOf('41313330393037'))), code: 'bad_signature' },
    { name: 'signer certificate not carried', run: () => appleDecode(flip(PKCS_REQ, offsetOf('4d444d2053434550205349474e4552'))), code: 'signer_not_found' },
    { name: 'encrypted to a foreign CA', run: () => decodePkiMessage(PKCS_REQ, { caCert: pki.ca.cert, caKey: pki.ca.key }), code: 'decrypt_failed' },
    { name: 'right recipient, tampered encrypted key', run: () => serverDecode(craft([TYPE_19, TID, SENDER], tamperedEnvelope('key'))), code: 'decrypt_failed' },
    { name: 'right recipient, tampered ciphertext (padding)', run: () => serverDecode(craft([TYPE_19, TID, SENDER], tamperedEnvelope('padding'))), code: 'decrypt_failed' },
    { name: 'signed message whose envelope is a length bomb', run: () => serverDecode(craft([TYPE_19, TID, SENDER], Buffer.from('3084ffffffff0500', 'hex'))), code: 'too_large' },
    { name: 'signed message whose envelope nests 100 deep', run: () => serverDecode(craft([TYPE_19, TID, SENDER], nested(100))), code: 'too_deep' },
    { name: 'envelope holding a CSR length bomb', run: () => serverDecode(craft([TYPE_19, TID, SENDER], writeEnvelopedData(Buffer.from('3084ffffffff', 'hex'), caCert, 'aes256', (n) => Buffer.alloc(n, 4)))), code: 'too_large' },
    { name: 'unknown messageType 99', run: () => serverDecode(craft([printable(OID.scepMessageType, '99'), TID, SENDER])), code: 'unknown_message_type' },
    { name: 'messageType not a number', run: () => serverDecode(craft([printable(OID.scepMessageType, 'PKCSReq'), TID, SENDER])), code: 'unknown_message_type' },
    { name: 'no messageType', run: () => serverDecode(craft([TID, SENDER])), code: 'missing_attribute' },
    { name: 'no transactionID', run: () => serverDecode(craft([TYPE_19, SENDER])), code: 'missing_attribute' },
    { name: 'no senderNonce', run: () => serverDecode(craft([TYPE_19, TID])), code: 'missing_attribute' },
    { name: 'empty senderNonce', run: () => serverDecode(craft([TYPE_19, TID, attribute(OID.scepSenderNonce, der.octetString(Buffer.alloc(0)))])), code: 'invalid_attribute' },
    { name: 'pkiStatus 7', run: () => serverDecode(craft([printable(OID.scepMessageType, '3'), TID, printable(OID.scepPkiStatus, '7')])), code: 'invalid_attribute' },
    { name: 'messageType with two values', run: () => serverDecode(craft([attribute(OID.scepMessageType, der.printableString('19'), der.printableString('17')), TID, SENDER])), code: 'invalid_attribute' },
    { name: 'content not an EnvelopedData', run: () => serverDecode(craft([TYPE_19, TID, SENDER], pki.csr)), code: 'not_pkcs7' },
    { name: 'unsupported content cipher (AES-GCM)', run: () => serverDecode(craft([TYPE_19, TID, SENDER], gcmEnvelope())), code: 'unsupported_cipher' },
    { name: 'CSR whose self-signature fails', run: () => serverDecode(craft([TYPE_19, TID, SENDER], writeEnvelopedData(flip(pki.csr, pki.csr.length - 3), caCert, 'des3', (n) => Buffer.alloc(n, 3)))), code: 'bad_csr_signature' },
    { name: 'envelope holding no CSR', run: () => serverDecode(craft([TYPE_19, TID, SENDER], writeEnvelopedData(der.sequence(der.null()), caCert, 'aes256', (n) => Buffer.alloc(n, 2)))), code: 'invalid_csr' },
    { name: 'ASN.1 length bomb (4 GiB claimed)', run: () => appleDecode(Buffer.from('3084ffffffff06092a864886f70d010702', 'hex')), code: 'too_large' },
    { name: 'length bomb nested inside', run: () => appleDecode(Buffer.from('301106092a864886f70d010702a0847fffffff', 'hex')), code: 'too_large' },
    { name: 'length of 1 MiB, 8 bytes present', run: () => appleDecode(Buffer.from('308310000006092a864886f70d010702', 'hex')), code: 'malformed_der' },
    { name: 'length with 9 length octets', run: () => appleDecode(Buffer.from('3089010000000000000000', 'hex')), code: 'too_large' },
    { name: 'nesting 200 deep', run: () => appleDecode(nested(200)), code: 'too_deep' },
    { name: 'indefinite length never closed', run: () => appleDecode(Buffer.from('30803080050000', 'hex')), code: 'malformed_der' },
    { name: '70 000 tiny elements', run: () => appleDecode(der.sequence(Buffer.alloc(140_000, 0).fill(Buffer.from([0x05, 0x00])))), code: 'too_large' },
    { name: 'input over DEFAULT_LIMITS.maxBytes', run: () => appleDecode(Buffer.alloc(DEFAULT_LIMITS.maxBytes + 1)), code: 'too_large' },
    { name: 'input over a caller limit', run: () => decodePkiMessage(PKCS_REQ, { caCert: CA_PEM, caKey: CA_KEY, limits: { maxBytes: 2000 } }), code: 'too_large' },
  ];

  it.each(cases)('$name → $code', ({ run, code }) => {
    expect(codeOf(run)).toBe(code);
  });

  it('every truncation of the real request fails as malformed_der', () => {
    const codes = new Set<string>();
    for (let length = 0; length < PKCS_REQ.length; length++) codes.add(codeOf(() => inspectPkiMessage(PKCS_REQ.subarray(0, length))));
    expect([...codes]).toEqual(['malformed_der']);
  });

  it('single-bit flips spread over the real request fail with a ScepError (or still verify)', () => {
    const codes = new Set<string>();
    for (let at = 0; at < PKCS_REQ.length; at += 23) codes.add(codeOf(() => inspectPkiMessage(flip(PKCS_REQ, at))));
    expect(codes).toContain('bad_signature');
    expect(codes).toContain('malformed_der');
  });
});

/** An envelope to our CA with one bit flipped in the wrapped key, or in the last-but-one ciphertext block (so the padding breaks). */
function tamperedEnvelope(where: 'key' | 'padding'): Buffer {
  const env = writeEnvelopedData(pki.csr, caCert, 'aes128', (n) => Buffer.alloc(n, 1));
  const keyAlg = der.algorithm(OID.rsaEncryption, der.null());
  const at = where === 'key' ? env.indexOf(keyAlg) + keyAlg.length + 3 + 10 : env.length - 16 - 1;
  return flip(env, at);
}

function gcmEnvelope(): Buffer {
  const env = writeEnvelopedData(pki.csr, caCert, 'aes128', (n) => Buffer.alloc(n, 1));
  const aes = der.oid('2.16.840.1.101.3.4.1.2');
  const at = env.indexOf(aes);
  return Buffer.concat([env.subarray(0, at), der.oid('2.16.840.1.101.3.4.1.6'), env.subarray(at + aes.length)]); // AES-128-GCM, same length
}

describe('invalid arguments to the encoders and client decoder', () => {
  const decoded = decodePkiMessage(
    encodePkcsReq({ csr: pki.csr, signerCert: pki.device.cert, signerKey: pki.device.key, recipientCert: pki.ca.cert, transactionId: 'T', senderNonce: NONCE, cipher: 'aes256', now: NOW }),
    { caCert: pki.ca.cert, caKey: pki.ca.key },
  );
  if (decoded.messageType !== 'PKCSReq') throw new Error(decoded.messageType);
  const base = { request: decoded, caCert: pki.ca.cert, caKey: pki.ca.key, now: NOW };
  const pkcsReq = { csr: pki.csr, signerCert: pki.device.cert, signerKey: pki.device.key, recipientCert: pki.ca.cert, transactionId: 'T', senderNonce: NONCE, cipher: 'aes256' as const, now: NOW };
  const cases: Array<{ name: string; run: () => unknown; code: ScepErrorCode }> = [
    { name: 'SUCCESS without issuedCert', run: () => encodeCertRep({ ...base, status: 'SUCCESS' }), code: 'invalid_input' },
    { name: 'FAILURE without failInfo', run: () => encodeCertRep({ ...base, status: 'FAILURE' }), code: 'invalid_input' },
    { name: 'PENDING with failInfo', run: () => encodeCertRep({ ...base, status: 'PENDING', failInfo: 'badAlg' }), code: 'invalid_input' },
    { name: 'caKey of another certificate', run: () => encodeCertRep({ ...base, status: 'PENDING', caKey: pki.foreignCa.key }), code: 'invalid_input' },
    { name: 'caCert that is not a certificate', run: () => encodeCertRep({ ...base, status: 'PENDING', caCert: Buffer.from('nope') }), code: 'invalid_input' },
    { name: 'caKey PEM that is not a key', run: () => encodeCertRep({ ...base, status: 'PENDING', caKey: '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----' }), code: 'invalid_input' },
    { name: 'invalid now', run: () => encodeCertRep({ ...base, status: 'PENDING', now: new Date(Number.NaN) }), code: 'invalid_input' },
    { name: '4-byte nonce', run: () => encodeCertRep({ ...base, status: 'PENDING', nonce: Buffer.alloc(4) }), code: 'invalid_input' },
    { name: 'transactionId outside PrintableString', run: () => encodePkcsReq({ ...pkcsReq, transactionId: 'tx_1' }), code: 'invalid_input' },
    { name: 'signerKey not matching signerCert', run: () => encodePkcsReq({ ...pkcsReq, signerKey: pki.ca.key }), code: 'invalid_input' },
    { name: 'cipher not offered for encryption (single DES)', run: () => encodePkcsReq({ ...pkcsReq, cipher: 'des' as 'des3' }), code: 'unsupported_cipher' },
    { name: 'csr that is not a CSR', run: () => encodePkcsReq({ ...pkcsReq, csr: pki.ca.cert }), code: 'invalid_csr' },
    { name: 'GetCACert with no certificate', run: () => encodeGetCACert([]), code: 'invalid_input' },
    { name: 'GetCACert body that is not a certificate', run: () => decodeGetCACert(der.sequence(der.null())), code: 'not_pkcs7' },
    { name: 'decodeCsr of garbage', run: () => decodeCsr(Buffer.from([0x30, 0x03, 0x02, 0x01])), code: 'malformed_der' },
    { name: 'decodeCertRep given a PKCSReq', run: () => decodeCertRep(PKCS_REQ, { signerCert: pki.device.cert, signerKey: pki.device.key }), code: 'unexpected_message_type' },
  ];

  it.each(cases)('$name → $code', ({ run, code }) => {
    expect(codeOf(run)).toBe(code);
  });
});
