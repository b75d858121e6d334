import { decodeCsr } from './csr.decoder';
import { scepFail } from './scep.errors';
import type { CertificateInput, ContentCipher, DigestAlgorithm, PrivateKeyInput, ScepLimits, ScepMessageType } from './scep.types';
import { readCertificate } from './internal/certificate.reader';
import { defaultRandom, keyPairMatches, readPrivateKey, type RandomSource } from './internal/cms.crypto';
import { resolveLimits } from './internal/der.reader';
import { der } from './internal/der.writer';
import { writeEnvelopedData } from './internal/enveloped-data.codec';
import { checkDate, checkNonce, checkTransactionId } from './internal/input.guard';
import { writeScepAttributes } from './internal/scep-attributes.codec';
import { writeSignedData } from './internal/signed-data.writer';

/** What every client request needs besides its content. */
export interface PkiRequestCommon {
  /** The certificate that signs the request: self-signed for a first request, the current one for a renewal. */
  signerCert: CertificateInput;
  signerKey: PrivateKeyInput;
  /** The CA or RA certificate (from GetCACert) the request is encrypted to. */
  recipientCert: CertificateInput;
  transactionId: string;
  /** 16 random bytes, kept to check the reply's recipientNonce. */
  senderNonce: Uint8Array;
  cipher: ContentCipher;
  /** signingTime. */
  now: Date;
  /** Default sha256 (advertise-dependent: use sha1 only for CAs without SHA-256 in GetCACaps). */
  digestAlgorithm?: DigestAlgorithm;
  random?: RandomSource;
  limits?: Partial<ScepLimits>;
}

export interface EncodePkcsReqInput extends PkiRequestCommon {
  /** The PKCS#10 request (DER or PEM); its self-signature is checked. */
  csr: Uint8Array | string;
  /** RenewalReq when re-enrolling with an existing certificate as signer. */
  messageType?: 'PKCSReq' | 'RenewalReq';
}

export interface EncodeGetCertInitialInput extends PkiRequestCommon {
  /** The pending request's CSR: its subject is polled for. */
  csr: Uint8Array | string;
  /** The issuing CA certificate, when the recipient is an RA (default: recipientCert). */
  issuerCert?: CertificateInput;
}

/** Client side: a PKCSReq (or RenewalReq) PKIMessage carrying the CSR encrypted to the CA/RA. */
export function encodePkcsReq(input: EncodePkcsReqInput): Buffer {
  const csr = decodeCsr(input.csr, input.limits ? { limits: input.limits } : {});
  return writeRequest(input, input.messageType ?? 'PKCSReq', csr.der);
}

/** Client side: a GetCertInitial (CertPoll) PKIMessage asking after a PENDING request. */
export function encodeGetCertInitial(input: EncodeGetCertInitialInput): Buffer {
  const limits = resolveLimits(input.limits);
  const csr = decodeCsr(input.csr, { limits });
  const issuer = readCertificate(input.issuerCert ?? input.recipientCert, 'invalid_input', limits, 'issuerCert');
  return writeRequest(input, 'GetCertInitial', der.sequence(issuer.subject.der, csr.subject.der));
}

function writeRequest(input: PkiRequestCommon, messageType: ScepMessageType, content: Buffer): Buffer {
  const limits = resolveLimits(input.limits);
  const signerCert = readCertificate(input.signerCert, 'invalid_input', limits, 'signerCert');
  const signerKey = readPrivateKey(input.signerKey, 'invalid_input', 'signerKey');
  if (!keyPairMatches(signerKey, signerCert.publicKey)) scepFail('invalid_input', 'signerKey is not the key of signerCert');
  const recipient = readCertificate(input.recipientCert, 'invalid_input', limits, 'recipientCert');
  const envelope = writeEnvelopedData(content, recipient, input.cipher, input.random ?? defaultRandom);
  return writeSignedData({
    content: envelope,
    signerCert,
    signerKey,
    digestAlgorithm: input.digestAlgorithm ?? 'sha256',
    attributes: writeScepAttributes({
      messageType,
      transactionId: checkTransactionId(input.transactionId),
      senderNonce: checkNonce(input.senderNonce, 'senderNonce'),
    }),
    signingTime: checkDate(input.now, 'now'),
    certificates: [signerCert.der],
  });
}
