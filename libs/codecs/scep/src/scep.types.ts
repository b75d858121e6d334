import type { KeyObject } from 'node:crypto';

/** RFC 8894 §3.2.1.2 messageType values, by name (19 PKCSReq, 17 RenewalReq, 20 CertPoll, 3 CertRep…). */
export type ScepMessageType = 'CertRep' | 'RenewalReq' | 'PKCSReq' | 'GetCertInitial' | 'GetCert' | 'GetCRL';
/** pkiStatus: 0 SUCCESS, 2 FAILURE, 3 PENDING. */
export type PkiStatus = 'SUCCESS' | 'FAILURE' | 'PENDING';
/** failInfo: 0 badAlg, 1 badMessageCheck, 2 badRequest, 3 badTime, 4 badCertId. */
export type FailInfo = 'badAlg' | 'badMessageCheck' | 'badRequest' | 'badTime' | 'badCertId';
/** Digest used for the CMS signature. */
export type DigestAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';
/** Content-encryption algorithms this codec encrypts with (all CBC). */
export type ContentCipher = 'aes128' | 'aes192' | 'aes256' | 'des3';
/** What it can open: also single DES, which old servers (micromdm/scep before 2020) still answer with. */
export type DecryptableCipher = ContentCipher | 'des';
/** How the content-encryption key is wrapped for the recipient. */
export type KeyTransport = 'rsaes-pkcs1-v1_5' | 'rsaes-oaep';

/** A certificate as DER bytes or PEM text (text before the first PEM block is ignored). */
export type CertificateInput = Uint8Array | string;
/** A private key as a KeyObject or unencrypted PEM (PKCS#1, PKCS#8 or SEC1). */
export type PrivateKeyInput = KeyObject | string;

/** Input guards; defaults are DEFAULT_LIMITS from @flotilla/codec-core. */
export interface ScepLimits {
  maxBytes: number;
  maxDepth: number;
}

export interface NameAttribute {
  oid: string;
  /** CN, O, OU, C, DC… when the OID is a well-known one. */
  shortName?: string;
  value: string;
}

/** An X.501 Name: its DER, its attributes in encoding order, and an OpenSSL-style one-line text. */
export interface DistinguishedName {
  der: Buffer;
  attributes: NameAttribute[];
  text: string;
}

/** A CMS or PKCS#10 attribute with the DER of each of its values. */
export interface RawAttribute {
  oid: string;
  values: Buffer[];
}

export interface EnvelopeRecipient {
  issuer?: DistinguishedName;
  /** Lower-case hex of the serial number's INTEGER content octets. */
  serialNumber?: string;
  /** Lower-case hex, for recipients identified by subjectKeyIdentifier. */
  subjectKeyIdentifier?: string;
  keyTransport: KeyTransport | undefined;
  keyTransportOid: string;
}

/** What can be read of an EnvelopedData without opening it. */
export interface EnvelopeInfo {
  recipients: EnvelopeRecipient[];
  cipher: DecryptableCipher | undefined;
  cipherOid: string;
}

export interface SignerSummary {
  /** DER of the certificate that verified the signature. */
  certificate: Buffer;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  serialNumber: string;
  selfSigned: boolean;
}

/** A PKIMessage whose signature verified, before its envelope is opened. */
export interface PkiMessageInfo {
  raw: Buffer;
  messageType: ScepMessageType;
  transactionId: string;
  senderNonce?: Buffer;
  recipientNonce?: Buffer;
  pkiStatus?: PkiStatus;
  failInfo?: FailInfo;
  signingTime?: Date;
  digestAlgorithm: DigestAlgorithm;
  signer: SignerSummary;
  /** Every certificate carried in the SignedData (DER). */
  certificates: Buffer[];
  /** Every signed attribute, in message order (e.g. NDES adds 1.3.6.1.4.1.311.21.38 = "Issued"). */
  attributes: RawAttribute[];
  /** The signed content (a DER EnvelopedData), absent in FAILURE/PENDING replies. */
  content?: Buffer;
  envelope?: EnvelopeInfo;
}

/** The verified header a server needs to answer a request, even with a FAILURE. */
export interface PkiMessageContext {
  messageType: ScepMessageType;
  transactionId: string;
  senderNonce: Buffer;
  signer: { certificate: Buffer };
  digestAlgorithm: DigestAlgorithm;
  contentCipher?: DecryptableCipher;
}

/** A parsed PKCS#10 request. */
export interface DecodedCsr {
  der: Buffer;
  pem: string;
  /** Should be 0; Apple's clients send 2. */
  version: number;
  subject: DistinguishedName;
  publicKey: { algorithm: string; spki: Buffer; bits?: number; curve?: string };
  signatureAlgorithm: string;
  challengePassword?: string;
  /** DER of the Extensions in the extensionRequest attribute. */
  extensionRequest?: Buffer;
  attributes: RawAttribute[];
}

interface PkiRequestBase extends Omit<PkiMessageInfo, 'messageType' | 'senderNonce'> {
  senderNonce: Buffer;
  contentCipher: DecryptableCipher;
  /** The signer certificate verifies under the CA certificate (a renewal signed by our own issued cert). */
  signerIssuedByCa: boolean;
}

export interface CertificationRequestMessage extends PkiRequestBase {
  messageType: 'PKCSReq' | 'RenewalReq';
  csr: DecodedCsr;
}

export interface CertPollMessage extends PkiRequestBase {
  messageType: 'GetCertInitial';
  issuer: DistinguishedName;
  subject: DistinguishedName;
}

export interface CertQueryMessage extends PkiRequestBase {
  messageType: 'GetCert' | 'GetCRL';
  issuer: DistinguishedName;
  serialNumber: string;
}

/** A CertRep seen by the server side: its envelope is for the requester, so it stays closed. */
export interface CertRepInfo extends PkiMessageInfo {
  messageType: 'CertRep';
  pkiStatus: PkiStatus;
}

/** What decodePkiMessage returns, discriminated on messageType. */
export type DecodedPkiMessage = CertificationRequestMessage | CertPollMessage | CertQueryMessage | CertRepInfo;

interface CertRepBase extends PkiMessageInfo {
  messageType: 'CertRep';
  recipientNonce: Buffer;
}

/** What decodeCertRep returns, discriminated on pkiStatus. */
export type DecodedCertRep =
  | (CertRepBase & { pkiStatus: 'SUCCESS'; certificates: Buffer[]; issuedCertificate: Buffer })
  | (CertRepBase & { pkiStatus: 'FAILURE'; failInfo: FailInfo | undefined })
  | (CertRepBase & { pkiStatus: 'PENDING' });

/** The parts of a request a CertRep answers (a DecodedPkiMessage or a ScepError's context fits). */
export interface CertRepRequest {
  transactionId: string;
  senderNonce: Uint8Array;
  /** The requester's signer certificate: the reply is encrypted to it. */
  signer: { certificate: CertificateInput };
  digestAlgorithm?: DigestAlgorithm;
  contentCipher?: DecryptableCipher;
}

/** An HTTP body with its content type. */
export interface ScepHttpBody {
  contentType: string;
  body: Buffer;
}
