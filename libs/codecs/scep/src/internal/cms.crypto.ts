import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { type ScepErrorCode, scepFail } from '../scep.errors';
import type { ContentCipher, DecryptableCipher, DigestAlgorithm, PrivateKeyInput } from '../scep.types';
import { desCbcDecrypt } from './forge.adapter';
import { CIPHERS, DIGEST_OIDS, ECDSA_OIDS, OID, SIGNATURE_OIDS } from './oids.constants';

/** Source of random bytes (injectable for reproducible tests; node:crypto by default). */
export type RandomSource = (length: number) => Buffer;
export const defaultRandom: RandomSource = (length) => randomBytes(length);

export function digest(algorithm: DigestAlgorithm, data: Buffer): Buffer {
  return createHash(algorithm).update(data).digest();
}

export function readPrivateKey(input: PrivateKeyInput, code: ScepErrorCode, what: string): KeyObject {
  if (typeof input !== 'string') {
    if (input.type !== 'private') scepFail(code, `${what} is not a private key`);
    return input;
  }
  try {
    return createPrivateKey(input);
  } catch (err) {
    return scepFail(code, `${what} is not an unencrypted PEM private key`, err);
  }
}

/** True when the private key is the one whose public half is `publicKey`. */
export function keyPairMatches(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const a = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const b = publicKey.export({ type: 'spki', format: 'der' });
  return a.equals(b);
}

/** Signs for a CMS SignerInfo: PKCS#1 v1.5 (`rsaEncryption`, as SCEP clients expect) or ECDSA. */
export function signCms(digestAlgorithm: DigestAlgorithm, data: Buffer, key: KeyObject): { signature: Buffer; algorithmOid: string } {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return { signature: sign(digestAlgorithm, data, key), algorithmOid: OID.rsaEncryption };
  if (type === 'ec') return { signature: sign(digestAlgorithm, data, key), algorithmOid: ECDSA_OIDS[digestAlgorithm] };
  return scepFail('unsupported_algorithm', `cannot sign with a ${type ?? 'unknown'} key`);
}

/** Verifies a CMS or X.509 signature given its algorithm OID; `fallbackDigest` applies to bare rsaEncryption. */
export function verifySignature(
  algorithmOid: string,
  fallbackDigest: DigestAlgorithm | undefined,
  data: Buffer,
  publicKey: KeyObject,
  signature: Buffer,
): boolean {
  const spec = SIGNATURE_OIDS[algorithmOid];
  const hash = spec?.digest ?? fallbackDigest;
  if (spec === undefined || hash === undefined) scepFail('unsupported_algorithm', `signature algorithm ${algorithmOid}`);
  if (publicKey.asymmetricKeyType !== spec.key) return false;
  try {
    return verify(hash, data, publicKey, signature);
  } catch {
    return false;
  }
}

export function digestFromOid(oid: string): DigestAlgorithm {
  for (const [name, value] of Object.entries(DIGEST_OIDS) as Array<[DigestAlgorithm, string]>) {
    if (value === oid) return name;
  }
  return scepFail('unsupported_algorithm', `digest algorithm ${oid}`);
}

/** Wraps a content-encryption key for an RSA recipient with RSAES-PKCS1-v1_5 (what SCEP peers expect). */
export function wrapKey(cek: Buffer, recipient: KeyObject): Buffer {
  if (recipient.asymmetricKeyType !== 'rsa') {
    scepFail('unsupported_algorithm', `cannot encrypt to a ${recipient.asymmetricKeyType ?? 'unknown'} key (RSA key transport only)`);
  }
  return publicEncrypt({ key: recipient, padding: constants.RSA_PKCS1_PADDING }, cek);
}

export type UnwrapSpec =
  | { transport: 'rsaes-pkcs1-v1_5' }
  | { transport: 'rsaes-oaep'; hash: DigestAlgorithm; label: Buffer };

/**
 * Unwraps the content-encryption key. For PKCS#1 v1.5 the padding is checked here (Node refuses
 * RSA_PKCS1_PADDING for private decryption since CVE-2023-46809) with implicit rejection: a bad
 * padding yields a random key and `rejected`, so the caller fails the same way whatever went wrong.
 */
export function unwrapKey(
  encryptedKey: Buffer,
  key: KeyObject,
  spec: UnwrapSpec,
  keyLength: number,
  random: RandomSource,
): { cek: Buffer; rejected: boolean } {
  if (key.asymmetricKeyType !== 'rsa') return { cek: random(keyLength), rejected: true };
  try {
    if (spec.transport === 'rsaes-oaep') {
      const cek = privateDecrypt(
        { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: spec.hash, oaepLabel: spec.label },
        encryptedKey,
      );
      return cek.length === keyLength ? { cek, rejected: false } : { cek: random(keyLength), rejected: true };
    }
    const em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, encryptedKey);
    return unpadPkcs1Type2(em, keyLength, random);
  } catch {
    return { cek: random(keyLength), rejected: true };
  }
}

function unpadPkcs1Type2(em: Buffer, keyLength: number, random: RandomSource): { cek: Buffer; rejected: boolean } {
  const fallback = random(keyLength);
  const separator = em.length - keyLength - 1;
  let bad = (em[0] ?? 1) | ((em[1] ?? 0) ^ 2) | (separator < 10 ? 1 : 0) | (em[separator] ?? 1);
  for (let i = 2; i < separator; i++) bad |= (em[i] ?? 0) === 0 ? 1 : 0;
  return bad === 0 ? { cek: em.subarray(separator + 1), rejected: false } : { cek: fallback, rejected: true };
}

export function encryptContent(cipher: ContentCipher, data: Buffer, random: RandomSource): { cek: Buffer; iv: Buffer; encrypted: Buffer } {
  const spec = Object.hasOwn(CIPHERS, cipher) && cipher !== ('des' as string) ? CIPHERS[cipher] : undefined;
  if (spec?.nodeName === undefined) return scepFail('unsupported_cipher', `cannot encrypt with ${String(cipher)}`);
  const cek = random(spec.keyLength);
  const iv = random(spec.ivLength);
  const c = createCipheriv(spec.nodeName, cek, iv);
  return { cek, iv, encrypted: Buffer.concat([c.update(data), c.final()]) };
}

/** CBC decryption with PKCS#7 padding; undefined when the key, IV or padding is wrong. */
export function decryptContent(cipher: DecryptableCipher, cek: Buffer, iv: Buffer, data: Buffer): Buffer | undefined {
  const spec = CIPHERS[cipher];
  if (iv.length !== spec.ivLength || cek.length !== spec.keyLength || data.length === 0 || data.length % spec.ivLength !== 0) {
    return undefined;
  }
  if (spec.nodeName === undefined) return desCbcDecrypt(cek, iv, data);
  try {
    const d = createDecipheriv(spec.nodeName, cek, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    return undefined;
  }
}
