import type { KeyObject } from 'node:crypto';
import { scepFail } from '../scep.errors';
import type { ContentCipher, DecryptableCipher, EnvelopeInfo, EnvelopeRecipient, KeyTransport, ScepLimits } from '../scep.types';
import { issuerAndSerialOf, type ParsedCertificate } from './certificate.reader';
import { decryptContent, digestFromOid, encryptContent, unwrapKey, wrapKey, type RandomSource, type UnwrapSpec } from './cms.crypto';
import { readDer, type DerNode } from './der.reader';
import { DerValues } from './der-values.reader';
import { der } from './der.writer';
import { readName } from './name.reader';
import { CIPHERS, OID, keyForOid } from './oids.constants';

interface ParsedRecipient {
  issuerAndSerial?: { issuerDer: Buffer; serial: Buffer; issuerNode: DerNode };
  subjectKeyId?: Buffer;
  transportOid: string;
  transportParams: DerNode | undefined;
  encryptedKey: Buffer;
}

/** A CMS EnvelopedData, parsed but not opened. */
export interface ParsedEnvelopedData {
  recipients: ParsedRecipient[];
  cipherOid: string;
  cipherParams: DerNode | undefined;
  encryptedContent: Buffer;
}

const v = new DerValues('not_pkcs7');

export function readEnvelopedData(input: Uint8Array, limits: ScepLimits, what: string): ParsedEnvelopedData {
  const root = readDer(input, limits, what);
  const [typeNode, contentNode] = v.sequence(root, `${what} ContentInfo`, 2);
  const type = v.oid(typeNode, `${what} contentType`);
  if (type !== OID.envelopedData) scepFail('not_pkcs7', `${what} is a CMS ${type}, not envelopedData`);
  const fields = v.sequence(v.explicit(contentNode, 0, `${what} content`), `${what} EnvelopedData`, 3);
  const offset = v.isContext(fields[1], 0) ? 2 : 1; // skip originatorInfo
  const recipients = v
    .set(fields[offset], `${what} recipientInfos`)
    .filter((ri) => v.isUniversal(ri, 16)) // KeyTransRecipientInfo; other kinds cannot be RSA-unwrapped
    .map((ri) => readRecipient(ri, `${what} recipientInfo`));
  const [, algNode, encNode] = v.sequence(fields[offset + 1], `${what} encryptedContentInfo`, 2);
  const { oid: cipherOid, params: cipherParams } = v.algorithm(algNode, `${what} contentEncryptionAlgorithm`);
  if (!v.isContext(encNode, 0)) return scepFail('not_pkcs7', `${what} has no encryptedContent`);
  const encryptedContent = encNode.constructed
    ? Buffer.concat(encNode.children.map((c) => v.octets(c, `${what} encryptedContent`)))
    : encNode.content;
  return { recipients, cipherOid, cipherParams, encryptedContent };
}

function readRecipient(node: DerNode, what: string): ParsedRecipient {
  const [, rid, alg, key] = v.sequence(node, what, 4);
  const { oid: transportOid, params: transportParams } = v.algorithm(alg, `${what}.keyEncryptionAlgorithm`);
  const encryptedKey = v.octets(key, `${what}.encryptedKey`);
  if (v.isContext(rid, 0)) return { subjectKeyId: rid.content, transportOid, transportParams, encryptedKey };
  const [issuer, serial] = v.sequence(rid, `${what}.rid`, 2);
  const issuerNode = v.universal(issuer, 16, `${what}.rid.issuer`);
  return {
    issuerAndSerial: { issuerDer: issuerNode.raw, serial: v.integerBytes(serial, `${what}.rid.serial`), issuerNode },
    transportOid,
    transportParams,
    encryptedKey,
  };
}

/** What can be said about an envelope without its key. */
export function envelopeInfo(env: ParsedEnvelopedData): EnvelopeInfo {
  const recipients = env.recipients.map((r): EnvelopeRecipient => {
    const keyTransport: KeyTransport | undefined =
      r.transportOid === OID.rsaEncryption ? 'rsaes-pkcs1-v1_5' : r.transportOid === OID.rsaesOaep ? 'rsaes-oaep' : undefined;
    const base = { keyTransport, keyTransportOid: r.transportOid };
    if (r.subjectKeyId) return { ...base, subjectKeyIdentifier: r.subjectKeyId.toString('hex') };
    const issuer = r.issuerAndSerial ? readName(r.issuerAndSerial.issuerNode, v, 'recipient issuer') : undefined;
    return { ...base, ...(issuer ? { issuer } : {}), serialNumber: r.issuerAndSerial?.serial.toString('hex') ?? '' };
  });
  return { recipients, cipher: keyForOid(CIPHERS, env.cipherOid), cipherOid: env.cipherOid };
}

/** The content cipher of an envelope, or `unsupported_cipher`. */
export function envelopeCipher(env: ParsedEnvelopedData): DecryptableCipher {
  const cipher = keyForOid(CIPHERS, env.cipherOid);
  if (cipher === undefined) return scepFail('unsupported_cipher', `content-encryption algorithm ${env.cipherOid}`);
  return cipher;
}

/** Opens an envelope addressed to `cert` with `key`; every failure to open is `decrypt_failed`. */
export function openEnvelope(env: ParsedEnvelopedData, cert: ParsedCertificate, key: KeyObject, random: RandomSource): Buffer {
  const cipher = envelopeCipher(env);
  const ivNode = env.cipherParams;
  if (!v.isUniversal(ivNode, 4) || ivNode.constructed) return scepFail('not_pkcs7', 'content-encryption parameters are not an IV');
  const recipient = env.recipients.find((r) =>
    r.issuerAndSerial
      ? r.issuerAndSerial.issuerDer.equals(cert.issuer.der) && r.issuerAndSerial.serial.equals(cert.serial)
      : r.subjectKeyId !== undefined && cert.subjectKeyId !== undefined && r.subjectKeyId.equals(cert.subjectKeyId),
  );
  if (recipient === undefined) {
    return scepFail('decrypt_failed', `the envelope is not addressed to ${cert.subject.text} (serial ${cert.serial.toString('hex')})`);
  }
  const { cek, rejected } = unwrapKey(recipient.encryptedKey, key, unwrapSpec(recipient), CIPHERS[cipher].keyLength, random);
  const plain = decryptContent(cipher, cek, ivNode.content, env.encryptedContent);
  if (rejected || plain === undefined) scepFail('decrypt_failed', 'the envelope does not open with the recipient key');
  return plain;
}

function unwrapSpec(r: ParsedRecipient): UnwrapSpec {
  if (r.transportOid === OID.rsaEncryption) return { transport: 'rsaes-pkcs1-v1_5' };
  if (r.transportOid !== OID.rsaesOaep) return scepFail('unsupported_algorithm', `key transport ${r.transportOid}`);
  // RSAES-OAEP-params: [0] hash (default SHA-1), [1] MGF1 with the same hash, [2] pSpecified label (default empty)
  let hash = digestFromOid('1.3.14.3.2.26');
  let label: Buffer = Buffer.alloc(0);
  const params = r.transportParams && !v.isUniversal(r.transportParams, 5) ? v.sequence(r.transportParams, 'OAEP params') : [];
  for (const p of params) {
    if (v.isContext(p, 0)) hash = digestFromOid(v.algorithm(v.explicit(p, 0, 'OAEP hash'), 'OAEP hash').oid);
    else if (v.isContext(p, 1)) {
      const mgf = v.algorithm(v.explicit(p, 1, 'OAEP mgf'), 'OAEP mgf');
      if (mgf.oid !== OID.mgf1 || digestFromOid(v.algorithm(mgf.params, 'MGF1 hash').oid) !== hash) {
        scepFail('unsupported_algorithm', 'OAEP with a mask generation function other than MGF1 over the OAEP hash');
      }
    } else if (v.isContext(p, 2)) {
      const src = v.algorithm(v.explicit(p, 2, 'OAEP pSource'), 'OAEP pSource');
      if (src.oid !== OID.pSpecified) scepFail('unsupported_algorithm', `OAEP pSource ${src.oid}`);
      label = v.octets(src.params, 'OAEP label');
    }
  }
  return { transport: 'rsaes-oaep', hash, label };
}

/** ContentInfo{EnvelopedData} for one RSA recipient (RSAES-PKCS1-v1_5 key transport, CBC content). */
export function writeEnvelopedData(content: Buffer, recipient: ParsedCertificate, cipher: ContentCipher, random: RandomSource): Buffer {
  const { cek, iv, encrypted } = encryptContent(cipher, content, random);
  const ktri = der.sequence(
    der.integer(0),
    issuerAndSerialOf(recipient),
    der.algorithm(OID.rsaEncryption, der.null()),
    der.octetString(wrapKey(cek, recipient.publicKey)),
  );
  const eci = der.sequence(
    der.oid(OID.data),
    der.algorithm(CIPHERS[cipher].oid, der.octetString(iv)),
    der.implicitPrimitive(0, encrypted),
  );
  const enveloped = der.sequence(der.integer(0), der.setOf([ktri]), eci);
  return der.sequence(der.oid(OID.envelopedData), der.explicit(0, enveloped));
}
