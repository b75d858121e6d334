import { createPublicKey } from 'node:crypto';
import { scepFail } from './scep.errors';
import type { DigestAlgorithm } from './scep.types';
import { digest } from './internal/cms.crypto';
import { readDer, resolveLimits } from './internal/der.reader';
import { DerValues } from './internal/der-values.reader';

/**
 * A transactionID derived from the request's public key, as Apple's clients (and micromdm's
 * scepclient) make it: upper-case hex of the hash of the SubjectPublicKeyInfo's subjectPublicKey
 * bits (for RSA, the PKCS#1 RSAPublicKey). Stable across polls and retries of one key.
 */
export function transactionIdForKey(spki: Uint8Array, algorithm: DigestAlgorithm = 'sha1'): string {
  const v = new DerValues('invalid_input');
  try {
    createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (err) {
    scepFail('invalid_input', 'not a DER SubjectPublicKeyInfo', err);
  }
  const [, bits] = v.sequence(readDer(spki, resolveLimits(), 'SubjectPublicKeyInfo'), 'SubjectPublicKeyInfo', 2);
  return digest(algorithm, v.bitStringBytes(bits, 'subjectPublicKey')).toString('hex').toUpperCase();
}
