/**
 * SCEP (RFC 8894) as pure functions over bytes: PKIMessages (CMS SignedData around EnvelopedData),
 * CertRep, GetCACaps and GetCACert bodies. No I/O, no clock (callers pass `now`), randomness from
 * node:crypto unless injected. Every failure is a ScepError with a ScepErrorCode.
 */

/** The error every function here throws, with its closed code union. */
export { ScepError, type ScepErrorCode } from './scep.errors';

/** Message, status, cipher, input and result types. */
export type {
  CertificateInput,
  CertificationRequestMessage,
  CertPollMessage,
  CertQueryMessage,
  CertRepInfo,
  CertRepRequest,
  ContentCipher,
  DecodedCertRep,
  DecodedCsr,
  DecodedPkiMessage,
  DecryptableCipher,
  DigestAlgorithm,
  DistinguishedName,
  EnvelopeInfo,
  EnvelopeRecipient,
  FailInfo,
  KeyTransport,
  NameAttribute,
  PkiMessageContext,
  PkiMessageInfo,
  PkiStatus,
  PrivateKeyInput,
  RawAttribute,
  ScepHttpBody,
  ScepLimits,
  ScepMessageType,
  SignerSummary,
} from './scep.types';

/** Injectable randomness (content keys, IVs, nonces): `(length) => Buffer`. */
export type { RandomSource } from './internal/cms.crypto';

/** Server: verify a PKIMessage, open it with the CA key, decode the CSR / poll / query inside. */
export { decodePkiMessage, type DecodePkiMessageOptions } from './pki-message.decoder';

/** Any side: verify a PKIMessage and read its attributes without opening its envelope. */
export { inspectPkiMessage, type InspectPkiMessageOptions } from './pki-message.reader';

/** Server: build a SUCCESS / FAILURE / PENDING CertRep signed by the CA. */
export { encodeCertRep, type EncodeCertRepInput } from './cert-rep.encoder';

/** Client (proxy to NDES and other CAs): verify a CertRep and open the issued certificates. */
export { decodeCertRep, type DecodeCertRepOptions } from './cert-rep.decoder';

/** Client: build PKCSReq / RenewalReq and GetCertInitial PKIMessages. */
export {
  encodeGetCertInitial,
  encodePkcsReq,
  type EncodeGetCertInitialInput,
  type EncodePkcsReqInput,
  type PkiRequestCommon,
} from './pkcs-req.encoder';

/** Parse a PKCS#10 request and verify its self-signature. */
export { decodeCsr } from './csr.decoder';

/** GetCACaps text bodies, and the capability names. */
export { SCEP_CAPABILITIES, decodeGetCACaps, encodeGetCACaps, type ScepCapability } from './ca-caps.codec';

/** GetCACert bodies: one DER certificate, or a degenerate PKCS#7 chain, and their content types. */
export { CA_CERT_CONTENT_TYPE, CA_RA_CERT_CONTENT_TYPE, decodeGetCACert, encodeGetCACert } from './ca-cert.codec';

/** Apple-style transactionID: upper-case hex hash of the public key. */
export { transactionIdForKey } from './transaction-id.util';

/** Content type of PKIOperation requests and replies. */
export const PKI_MESSAGE_CONTENT_TYPE = 'application/x-pki-message';
