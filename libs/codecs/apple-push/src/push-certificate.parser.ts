import { createHash, createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';

import { formatName, readTbsParts } from './der-name.reader';
import { pushError } from './push.errors';
import type { ParsePushCertificateOptions, PushCertificate } from './push.types';

/** The subject attribute that carries the APNs topic (userId, "UID"). */
export const PUSH_TOPIC_OID = '0.9.2342.19200300.100.1.1';
/** Every MDM push topic starts with this (Apple: `com.apple.mgmt.External.<uuid>`). */
export const MDM_TOPIC_PREFIX = 'com.apple.mgmt.';

const DEFAULT_MAX_PEM_BYTES = 1024 * 1024;
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

interface ReadCertificate {
  der: Buffer;
  x509: X509Certificate;
}

/** The first CERTIFICATE block of `pem` (a chain or a cert+key file is fine: the leaf comes first). */
function readCertificatePem(pem: string, maxBytes: number): ReadCertificate {
  if (typeof pem !== 'string') throw pushError('not_pem', 'certificate must be PEM text');
  const size = Buffer.byteLength(pem, 'utf8');
  if (size > maxBytes) throw pushError('too_large', `certificate PEM is ${size} bytes, over the ${maxBytes}-byte limit`);
  const body = CERT_BLOCK.exec(pem)?.[1]?.replace(/\s+/g, '');
  if (body === undefined) throw pushError('not_pem', 'no -----BEGIN CERTIFICATE----- block');
  if (body.length % 4 !== 0 || !BASE64_BODY.test(body)) throw pushError('not_pem', 'the CERTIFICATE block is not base64');
  const der = Buffer.from(body, 'base64');
  try {
    return { der, x509: new X509Certificate(der) };
  } catch (cause) {
    throw pushError('bad_certificate', 'the CERTIFICATE block is not an X.509 certificate', cause);
  }
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Parses an MDM APNs push certificate (PEM; the first CERTIFICATE block is used). The topic is
 * the subject's UID (0.9.2342.19200300.100.1.1) and must start with `com.apple.mgmt.`, as
 * micromdm's `cryptoutil.TopicFromCert` requires. The issuer chain is NOT verified (APNs does
 * that at connect time). Errors: 'too_large', 'not_pem', 'bad_certificate', 'missing_topic',
 * 'bad_topic'.
 */
export function parsePushCertificate(pem: string, options: ParsePushCertificateOptions = {}): PushCertificate {
  const { der, x509 } = readCertificatePem(pem, options.maxBytes ?? DEFAULT_MAX_PEM_BYTES);
  const tbs = readTbsParts(der);
  const uids = tbs.subject.filter((a) => a.oid === PUSH_TOPIC_OID);
  const topic = uids[0]?.value;
  if (topic === undefined) throw pushError('missing_topic', `subject "${formatName(tbs.subject)}" has no UID (topic) attribute`);
  if (uids.length > 1) throw pushError('bad_topic', 'subject has more than one UID (topic) attribute');
  if (!topic.startsWith(MDM_TOPIC_PREFIX)) throw pushError('bad_topic', `topic "${topic}" does not start with ${MDM_TOPIC_PREFIX}`);
  const certificate: PushCertificate = {
    topic,
    subject: formatName(tbs.subject),
    subjectAttributes: tbs.subject,
    issuer: formatName(tbs.issuer),
    issuerAttributes: tbs.issuer,
    serialNumber: x509.serialNumber.toUpperCase(),
    notBefore: tbs.notBefore,
    notAfter: tbs.notAfter,
    sha256Fingerprint: createHash('sha256').update(der).digest('hex'),
    certificatePem: toPem(der),
    certificateDer: new Uint8Array(der),
  };
  if (options.now !== undefined) certificate.expired = options.now.getTime() > tbs.notAfter.getTime();
  return certificate;
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/**
 * True when `keyPem` (PKCS#1, PKCS#8 or SEC1 PEM, unencrypted) is the private key of the first
 * certificate in `certPem`, by comparing public keys. Does not check the topic, so it works on
 * any certificate. Errors: the certificate ones of `parsePushCertificate`, and 'bad_key'.
 */
export function pushCertificateKeyMatches(certPem: string, keyPem: string): boolean {
  const { x509 } = readCertificatePem(certPem, DEFAULT_MAX_PEM_BYTES);
  if (typeof keyPem !== 'string' || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(keyPem)) {
    throw pushError('bad_key', 'no -----BEGIN … PRIVATE KEY----- block');
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: keyPem, format: 'pem' });
  } catch (cause) {
    throw pushError('bad_key', 'the private key cannot be read (malformed or encrypted)', cause);
  }
  return spki(createPublicKey(privateKey)).equals(spki(x509.publicKey));
}
