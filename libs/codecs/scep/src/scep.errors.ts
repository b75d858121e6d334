import { CodecError } from '@flotilla/codec-core';
import type { PkiMessageContext } from './scep.types';

/** The closed set of reasons a SCEP message can be refused. */
export type ScepErrorCode =
  /** Input longer than the limit, or an ASN.1 length claiming more than the limit. */
  | 'too_large'
  /** ASN.1 nesting deeper than the limit. */
  | 'too_deep'
  /** Not well-formed BER/DER: truncated, bad length, trailing bytes, wrong primitive encoding. */
  | 'malformed_der'
  /** Well-formed ASN.1 but not the CMS structure expected (wrong content type or shape). */
  | 'not_pkcs7'
  /** The CMS signature, message digest or content-type attribute does not verify. */
  | 'bad_signature'
  /** No certificate matching the signer identifier was found. */
  | 'signer_not_found'
  /** The signer certificate is not one of (or issued by one of) the trusted CA/RA certificates. */
  | 'untrusted_signer'
  /** The envelope is not addressed to our certificate, or it cannot be opened with our key. */
  | 'decrypt_failed'
  /** The content-encryption algorithm is not supported. */
  | 'unsupported_cipher'
  /** A digest, signature or key-transport algorithm is not supported. */
  | 'unsupported_algorithm'
  /** A required SCEP or CMS attribute is absent. */
  | 'missing_attribute'
  /** An attribute is present but its value is invalid (or duplicated). */
  | 'invalid_attribute'
  /** messageType is not one RFC 8894 defines. */
  | 'unknown_message_type'
  /** A valid messageType where another was expected (e.g. a PKCSReq given to the CertRep decoder). */
  | 'unexpected_message_type'
  /** The PKCS#10 request inside the envelope is not a well-formed CSR. */
  | 'invalid_csr'
  /** The CSR's self-signature does not verify. */
  | 'bad_csr_signature'
  /** A CertRep's recipientNonce does not echo the request's senderNonce. */
  | 'nonce_mismatch'
  /** A CertRep's transactionID is not the request's. */
  | 'transaction_mismatch'
  /** A SUCCESS CertRep that carries no certificate. */
  | 'no_certificate'
  /** An argument given to an encoder (certificate, key, nonce, option) is unusable. */
  | 'invalid_input';

/**
 * The error every SCEP function throws. When a request's signature verified but a later step failed
 * (decryption, CSR), `context` carries what a server needs to answer with a FAILURE CertRep.
 */
export class ScepError extends CodecError<ScepErrorCode> {
  /** The verified request header, when the failure happened after signature verification. */
  readonly context: PkiMessageContext | undefined;

  constructor(
    code: ScepErrorCode,
    message: string,
    options?: { cause?: unknown; context?: PkiMessageContext },
  ) {
    super('scep', code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ScepError';
    this.context = options?.context;
  }
}

/** Throws a ScepError; typed `never` so callers can use it in expressions. */
export function scepFail(code: ScepErrorCode, message: string, cause?: unknown): never {
  throw new ScepError(code, message, cause === undefined ? undefined : { cause });
}
