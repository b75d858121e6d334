import { scepFail } from '../scep.errors';

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]{1,256}$/;

/**
 * A transactionID an encoder can write. A new one must be 1–256 PrintableString characters; an
 * echoed one (CertRep) only 1–256 characters, since the reply repeats whatever the client sent.
 */
export function checkTransactionId(id: string, what = 'transactionId', echoed = false): string {
  const ok = echoed ? typeof id === 'string' && id.length > 0 && id.length <= 256 : PRINTABLE.test(id);
  if (!ok) scepFail('invalid_input', `${what} must be 1–256 ${echoed ? '' : 'PrintableString '}characters`);
  return id;
}

/** True when the text can be a PrintableString. */
export function isPrintable(text: string): boolean {
  return PRINTABLE.test(text);
}

/** A nonce an encoder can write: our own are 8 to 64 bytes (RFC 8894 uses 16); an echoed one at least 1. */
export function checkNonce(nonce: Uint8Array, what: string, minLength = 8): Buffer {
  if (!(nonce instanceof Uint8Array) || nonce.byteLength < minLength || nonce.byteLength > 64) {
    scepFail('invalid_input', `${what} must be ${minLength}–64 bytes`);
  }
  return Buffer.from(nonce);
}

/** A Date an encoder can write. */
export function checkDate(date: Date, what: string): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) scepFail('invalid_input', `${what} is not a valid Date`);
  return date;
}
